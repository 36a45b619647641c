// Operational events: the product tells receivers about a webhook in trouble, the same moments its
// people get an alert (lib/alerts). The system publishes them; an endpoint subscribes by naming them
// (an endpoint with no event types chosen gets invoice events only) and never gets one about itself.
import { z } from "zod";
import { defineEventType } from "./types";

const endpoint = z.looseObject({ id: z.string(), url: z.string(), description: z.string() });
const lastError = z.looseObject({ kind: z.string().nullable(), status: z.number().int().nullable(), message: z.string() }).nullable();

const exampleEndpoint = {
  id: "0193a1c2-7d4e-7a10-9f00-5b1c2d3e4f50",
  url: "https://erp.example.com.br/webhooks/nfe",
  description: "ERP da matriz",
};
const exampleError = { kind: "http", status: 500, message: "o servidor respondeu 500" };

export const endpointFailing = defineEventType({
  name: "endpoint.failing",
  group: "alert",
  description: {
    "pt-BR": "Um webhook da conta está falhando e chegou a 50 %, 75 % ou 90 % do limite para ser desativado",
    en: "A webhook of the account is failing and reached 50 %, 75 % or 90 % of the limit at which it is disabled",
  },
  schema: z.looseObject({
    endpoint,
    threshold_percent: z.number().int(),
    consecutive_failures: z.number().int(),
    failing_since: z.string().nullable(),
    last_error: lastError,
  }),
  example: {
    endpoint: exampleEndpoint,
    threshold_percent: 50,
    consecutive_failures: 500,
    failing_since: "2026-12-05T10:00:00.000Z",
    last_error: exampleError,
  },
  sources: [],
});

export const endpointDisabled = defineEventType({
  name: "endpoint.disabled",
  group: "alert",
  description: {
    "pt-BR": "Um webhook da conta foi desativado depois de falhar; as entregas dele aguardam pausadas",
    en: "A webhook of the account was disabled after failing; its deliveries wait, paused",
  },
  schema: z.looseObject({
    endpoint,
    reason: z.string().nullable(),
    disabled_at: z.string().nullable(),
    failing_since: z.string().nullable(),
    paused_deliveries: z.number().int(),
    last_error: lastError,
  }),
  example: {
    endpoint: exampleEndpoint,
    reason: "failing",
    disabled_at: "2026-12-10T10:00:00.000Z",
    failing_since: "2026-12-05T10:00:00.000Z",
    paused_deliveries: 12,
    last_error: exampleError,
  },
  sources: [],
});

export const endpointRecovered = defineEventType({
  name: "endpoint.recovered",
  group: "alert",
  description: {
    "pt-BR": "Um webhook da conta que estava falhando voltou a responder com sucesso",
    en: "A webhook of the account that was failing answers successfully again",
  },
  schema: z.looseObject({ endpoint, recovered_at: z.string() }),
  example: { endpoint: exampleEndpoint, recovered_at: "2026-12-05T12:00:00.000Z" },
  sources: [],
});

export const deliveryExhausted = defineEventType({
  name: "delivery.exhausted",
  group: "alert",
  description: {
    "pt-BR": "Uma entrega esgotou as tentativas automáticas e falhou de vez (pode ser reenviada pelo registro)",
    en: "A delivery ran out of automatic attempts and failed for good (it can be resent from the log)",
  },
  schema: z.looseObject({
    endpoint,
    delivery: z.looseObject({
      id: z.string(),
      webhook_id: z.string(),
      event_id: z.string(),
      event_type: z.string(),
      attempts: z.number().int(),
    }),
    last_error: lastError,
  }),
  example: {
    endpoint: exampleEndpoint,
    delivery: {
      id: "0193a1c2-8000-7000-8000-000000000001",
      webhook_id: "msg_0193a1c2800070008000000000000001",
      event_id: "0193a1c2-7fff-7000-8000-000000000001",
      event_type: "nfe.authorized",
      attempts: 8,
    },
    last_error: exampleError,
  },
  sources: [],
});

export const alertEventTypes = [endpointFailing, endpointDisabled, endpointRecovered, deliveryExhausted];

/** Published by the system only: a publisher's POST /api/v1/events cannot make them. */
export const OPERATIONAL_EVENT_TYPES: readonly string[] = alertEventTypes.map((definition) => definition.name);
