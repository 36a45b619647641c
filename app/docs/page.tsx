import type { Metadata } from "next";
import Link from "next/link";
import { SwaggerReference } from "@/components/docs/swagger-reference";

export const metadata: Metadata = { title: "Referência da API · NF-e Webhooks" };

const SECTIONS: { title: string; body: React.ReactNode }[] = [
  {
    title: "Autenticação",
    body: (
      <>
        Envie um token de API em <code>Authorization: Bearer nfe_…</code> (ou <code>curl -u nfe_…:</code>). Crie tokens na tela da conta:{" "}
        <code>publish</code> só publica eventos, <code>read</code> só consulta, <code>admin</code> faz tudo; um token pode ser limitado a
        produção ou homologação. As rotas <code>/api/v1/operator/…</code> aceitam apenas a chave do operador.
      </>
    ),
  },
  {
    title: "Erros",
    body: (
      <>
        Todo erro é JSON: <code>{'{"errors": …, "code": "…"}'}</code>. Em 422, <code>errors</code> traz as mensagens por campo e{" "}
        <code>field_codes</code> os códigos; 404 também para ids de outra organização; 429 vem com <code>Retry-After</code>.
      </>
    ),
  },
  {
    title: "Paginação",
    body: (
      <>
        Listas são paginadas por cursor: passe o <code>next_cursor</code> da resposta em <code>?cursor=</code> (e <code>limit</code> até
        100). Um cursor não envelhece nem pula itens quando novos chegam.
      </>
    ),
  },
  {
    title: "Idempotência",
    body: (
      <>
        Em <code>POST /api/v1/events</code>, o <code>id</code> do evento é a chave: o mesmo <code>id</code> de novo responde 200 com o
        evento original e não cria nada. Cada entrega tem um <code>webhook-id</code> fixo em todas as tentativas: deduplique por ele.
      </>
    ),
  },
  {
    title: "Limites",
    body: (
      <>
        Corpo do evento até 256 KB; cada token publica até <code>PUBLISH_RATE_PER_S</code> eventos por segundo (com rajada); até 50 webhooks
        e 50 tokens por organização. Receptores devem responder 2xx em até 15 s.
      </>
    ),
  },
];

/** /docs: a pt-BR introduction, the event catalog, and the API reference rendered from the OpenAPI document. */
export default function DocsPage() {
  return (
    <div className="mx-auto max-w-5xl px-4 py-8">
      <h1 className="text-2xl font-semibold text-slate-900">Referência da API</h1>
      <p className="mt-2 text-slate-700">
        A API REST de webhooks de NF-e, NFC-e e NFS-e. O documento OpenAPI 3.1 está em{" "}
        <a className="underline" href="/api/v1/openapi.json">
          /api/v1/openapi.json
        </a>
        ; os eventos que um receptor recebe estão no{" "}
        <Link className="underline" href="/docs/events">
          catálogo de eventos
        </Link>
        .
      </p>
      <div className="mt-6 grid gap-4 sm:grid-cols-2">
        {SECTIONS.map((section) => (
          <section key={section.title} aria-labelledby={`intro-${section.title}`} className="rounded border border-slate-200 bg-white p-4">
            <h2 id={`intro-${section.title}`} className="font-semibold text-slate-900">
              {section.title}
            </h2>
            <p className="mt-1 text-sm text-slate-700">{section.body}</p>
          </section>
        ))}
      </div>
      {/* eslint-disable-next-line @next/next/no-css-tags -- Swagger UI's own stylesheet, served by this app (app/docs/assets) */}
      <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
      <section aria-label="Operações da API" className="mt-8 rounded border border-slate-200 bg-white">
        <SwaggerReference specUrl="/api/v1/openapi.json" />
      </section>
    </div>
  );
}
