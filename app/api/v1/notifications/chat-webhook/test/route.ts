import { z } from "zod";
import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { sendChatTest } from "@/lib/alerts/chat";
import { Invalid } from "@/lib/errors";
import { locales } from "@/lib/i18n/config";
import { fieldIssue } from "@/lib/validation";

/** A test message to the chat webhook, sent by the worker: its result shows in the notifications list. */
export const POST = route({ body: z.strictObject({ locale: z.enum(locales).default("pt-BR") }) }, async ({ principal, body }) => {
  const { id } = await sendChatTest(principal.organizationId, body.locale);
  if (!id) throw new Invalid({ chat_webhook_url: [fieldIssue("blank")] });
  return reply({ notification: { id } }, 202);
});
