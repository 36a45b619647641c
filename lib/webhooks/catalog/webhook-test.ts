import { z } from "zod";
import { source } from "./sources";
import { defineEventType } from "./types";

/** The ping sent when an endpoint is saved and by "Enviar teste"; Cobrato sends exactly `{"test": true}`. */
export const webhookTest = defineEventType({
  name: "webhook.test",
  group: "webhook",
  description: {
    "pt-BR": 'Requisição de teste enviada ao salvar o webhook e pelo botão "Enviar teste"',
    en: 'Test request sent when the webhook is saved and by the "Send test" button',
  },
  schema: z.looseObject({
    test: z.literal(true),
    webhook_id: z.string().optional(),
    message: z.string().optional(),
  }),
  example: {
    test: true,
    webhook_id: "wh_2c9e51",
    message: "Teste de webhook: se você recebeu esta requisição, o endpoint está configurado corretamente.",
  },
  sources: [source.cobrato('requisição de teste {"test": true}')],
});
