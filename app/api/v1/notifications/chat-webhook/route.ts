import { z } from "zod";
import { route } from "@/lib/api/next-route";
import { getChatWebhook, setChatWebhook } from "@/lib/alerts/chat";
import { issue, requiredText } from "@/lib/validation";

const chatWebhookSchema = z.strictObject({
  url: requiredText()
    .trim()
    .min(1, { error: issue("blank"), abort: true })
    .max(2048, issue("too_long"))
    .refine((s) => /^https?:\/\/[^\s]+$/i.test(s), issue("url.scheme")),
});

/** The organization's chat webhook, shown by its host only (the URL is a credential). */
export const GET = route({ need: "admin" }, async ({ principal }) => ({ chat_webhook: await getChatWebhook(principal.organizationId) }));

/** Saves the chat incoming-webhook URL (Slack, Teams…) after the URL policy. */
export const PUT = route({ body: chatWebhookSchema }, async ({ principal, body }) => ({
  chat_webhook: await setChatWebhook(principal.organizationId, body.url),
}));

export const DELETE = route({}, async ({ principal }) => ({ chat_webhook: await setChatWebhook(principal.organizationId, null) }));
