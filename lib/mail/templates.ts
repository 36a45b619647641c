// What each message says, in pt-BR and English: a subject, plain text, and simple HTML with the same
// words. One function per kind; every value put into HTML is escaped.
import type { Locale } from "@/lib/i18n/config";

export type MessageKind =
  "password_reset" | "invitation" | "endpoint_failing" | "endpoint_disabled" | "delivery_exhausted" | "endpoint_recovered";

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

export interface MessageParams {
  password_reset: { name: string; link: string };
  invitation: { organization: string; invitedBy: string; role: string; link: string };
  endpoint_failing: {
    endpoint: string;
    organization: string;
    percent: number;
    failures: number;
    failingFor: string;
    lastError: string;
    disablesIn: string;
    link: string;
  };
  endpoint_disabled: { endpoint: string; organization: string; failingFor: string; lastError: string; paused: number; link: string };
  delivery_exhausted: { endpoint: string; organization: string; count: number; examples: string[]; lastError: string; link: string };
  endpoint_recovered: { endpoint: string; organization: string; link: string };
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function compose(subject: string, paragraphs: string[], link: { label: string; href: string }): Rendered {
  const text = [...paragraphs, `${link.label}: ${link.href}`].join("\n\n");
  const html = [
    `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>`,
    `</body></html>`,
  ].join("\n");
  return { subject, text, html };
}

const ROLE_WORDS: Record<Locale, Record<string, string>> = {
  "pt-BR": { owner: "proprietário", admin: "administrador", viewer: "leitor" },
  en: { owner: "owner", admin: "administrator", viewer: "viewer" },
};

export function render<K extends MessageKind>(kind: K, locale: Locale, params: MessageParams[K]): Rendered {
  const pt = locale === "pt-BR";
  switch (kind) {
    case "password_reset": {
      const { name, link } = params as MessageParams["password_reset"];
      return pt
        ? compose(
            "Redefinir sua senha — NF-e Webhooks",
            [
              `Olá, ${name}.`,
              "Recebemos um pedido para redefinir a sua senha. O link vale por 1 hora e pode ser usado uma vez; ao usá-lo, as suas outras sessões são encerradas.",
              "Se não foi você, ignore esta mensagem: a sua senha continua a mesma.",
            ],
            { label: "Redefinir senha", href: link },
          )
        : compose(
            "Reset your password — NF-e Webhooks",
            [
              `Hello, ${name}.`,
              "We received a request to reset your password. The link is valid for 1 hour and works once; using it ends your other sessions.",
              "If it was not you, ignore this message: your password stays the same.",
            ],
            { label: "Reset password", href: link },
          );
    }
    case "invitation": {
      const { organization, invitedBy, role, link } = params as MessageParams["invitation"];
      const roleWord = ROLE_WORDS[locale][role] ?? role;
      return pt
        ? compose(
            `Convite para ${organization} — NF-e Webhooks`,
            [
              `${invitedBy} convidou você para a conta ${organization} como ${roleWord}.`,
              "O convite vale por 7 dias e pode ser usado uma vez.",
            ],
            { label: "Aceitar o convite", href: link },
          )
        : compose(
            `Invitation to ${organization} — NF-e Webhooks`,
            [
              `${invitedBy} invited you to the ${organization} account as ${roleWord}.`,
              "The invitation is valid for 7 days and works once.",
            ],
            { label: "Accept the invitation", href: link },
          );
    }
    case "endpoint_failing": {
      const { endpoint, organization, percent, failures, failingFor, lastError, disablesIn, link } =
        params as MessageParams["endpoint_failing"];
      return pt
        ? compose(
            `Webhook falhando (${percent}% do limite): ${endpoint} — NF-e Webhooks`,
            [
              `O webhook ${endpoint} da conta ${organization} está falhando há ${failingFor} (${failures} falha(s) seguidas): ${percent}% do limite para ser desativado.`,
              `Último erro: ${lastError}.`,
              `Se continuar assim, ele será desativado ${disablesIn}. Nada se perde: as entregas são tentadas de novo e, se ele for desativado, ficam pausadas até você reativá-lo.`,
            ],
            { label: "Ver as entregas", href: link },
          )
        : compose(
            `Webhook failing (${percent}% of the limit): ${endpoint} — NF-e Webhooks`,
            [
              `The webhook ${endpoint} of the ${organization} account has been failing for ${failingFor} (${failures} failure(s) in a row): ${percent}% of the limit at which it is disabled.`,
              `Last error: ${lastError}.`,
              `If this goes on, it will be disabled ${disablesIn}. Nothing is lost: deliveries are retried and, if it is disabled, they wait paused until you enable it again.`,
            ],
            { label: "See the deliveries", href: link },
          );
    }
    case "delivery_exhausted": {
      const { endpoint, organization, count, examples, lastError, link } = params as MessageParams["delivery_exhausted"];
      return pt
        ? compose(
            `${count} entrega(s) falharam de vez: ${endpoint} — NF-e Webhooks`,
            [
              `${count} entrega(s) do webhook ${endpoint} da conta ${organization} esgotaram as tentativas automáticas e não serão tentadas de novo sozinhas.`,
              ...(examples.length ? [`Por exemplo: ${examples.join("; ")}.`] : []),
              `Último erro: ${lastError}.`,
              "Corrija o receptor e reenvie-as pelo registro de entregas (uma a uma ou todas as que falharam).",
            ],
            { label: "Ver as entregas que falharam", href: link },
          )
        : compose(
            `${count} delivery(ies) failed for good: ${endpoint} — NF-e Webhooks`,
            [
              `${count} delivery(ies) of the webhook ${endpoint} of the ${organization} account ran out of automatic attempts and will not be tried again by themselves.`,
              ...(examples.length ? [`For example: ${examples.join("; ")}.`] : []),
              `Last error: ${lastError}.`,
              "Fix the receiver and resend them from the delivery log (one by one or all that failed).",
            ],
            { label: "See the failed deliveries", href: link },
          );
    }
    case "endpoint_recovered": {
      const { endpoint, organization, link } = params as MessageParams["endpoint_recovered"];
      return pt
        ? compose(
            `Webhook recuperado: ${endpoint} — NF-e Webhooks`,
            [`O webhook ${endpoint} da conta ${organization} voltou a responder com sucesso. As entregas seguem normalmente.`],
            { label: "Ver o webhook", href: link },
          )
        : compose(
            `Webhook recovered: ${endpoint} — NF-e Webhooks`,
            [`The webhook ${endpoint} of the ${organization} account answers successfully again. Deliveries go on as usual.`],
            { label: "Open the webhook", href: link },
          );
    }
    case "endpoint_disabled": {
      const { endpoint, organization, failingFor, lastError, paused, link } = params as MessageParams["endpoint_disabled"];
      return pt
        ? compose(
            `Webhook desativado: ${endpoint} — NF-e Webhooks`,
            [
              `O webhook ${endpoint} da conta ${organization} foi desativado depois de falhar por ${failingFor}.`,
              `Último erro: ${lastError}.`,
              `${paused} entrega(s) aguardam, pausadas: nada foi perdido. Corrija o receptor, reative o webhook e escolha entregar o que ficou pausado.`,
            ],
            { label: "Ver o webhook", href: link },
          )
        : compose(
            `Webhook disabled: ${endpoint} — NF-e Webhooks`,
            [
              `The webhook ${endpoint} of the ${organization} account was disabled after failing for ${failingFor}.`,
              `Last error: ${lastError}.`,
              `${paused} delivery(ies) wait, paused: nothing was lost. Fix the receiver, enable the webhook again and choose to deliver what was paused.`,
            ],
            { label: "Open the webhook", href: link },
          );
    }
  }
  throw new Error(`unknown message kind ${kind satisfies never}`);
}
