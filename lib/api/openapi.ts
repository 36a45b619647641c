// The OpenAPI 3.1 document of /api/v1 (GET /api/v1/openapi.json), generated from the route
// definitions themselves: each route file's exported handlers carry their definition (lib/api/
// next-route.ts), whose zod body and query schemas become the request body and parameters (zod 4's
// own JSON Schema output, input side); who may call it becomes its security; the summary and the
// success answers come from OPERATIONS below, which a test keeps in step with the route files. The
// `webhooks` section has every event type's body with its schema and example.
import "server-only";
import { z } from "zod";
import { ERROR_CODES } from "@/lib/errors";
import type { RouteDefinition } from "@/lib/api/route";
import { createPollingEndpointSchema, createEndpointSchema } from "@/lib/webhooks/endpoints/schemas";
import { eventTypeJsonSchema, eventTypes } from "@/lib/webhooks/catalog";

export type RouteModule = Record<string, unknown>;

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

interface Operation {
  summary: string;
  /** success statuses and what each means (default: 200) */
  ok?: Record<number, string>;
  /** the request body when the route reads a looser schema first (e.g. by `kind`) */
  body?: Record<string, unknown>;
}

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" });

const createWebhookBody = { oneOf: [json(createEndpointSchema), json(createPollingEndpointSchema)] };

/** Every operation of the API: "METHOD /path" → what it does. */
export const OPERATIONS: Record<string, Operation> = {
  "GET /api/v1/me": { summary: "Who the credential belongs to" },
  "GET /api/v1/me/organizations": { summary: "The signed-in user's organizations" },
  "POST /api/v1/me/organization": { summary: "Switch this dashboard session to another organization of the user" },
  "DELETE /api/v1/me/sessions": { summary: "Sign out everywhere", ok: { 204: "every session ended" } },
  "GET /api/v1/me/notification-preferences": { summary: "The member's language and e-mail alert choices" },
  "PUT /api/v1/me/notification-preferences": { summary: "Change the member's language and e-mail alert choices" },
  "GET /api/v1/event-types": { summary: "The event catalog; with ?format=, each example in that payload format" },
  "GET /api/v1/webhooks": { summary: "List webhooks (secrets never listed)" },
  "POST /api/v1/webhooks": {
    summary: "Create a webhook (push: tested first; or kind=polling)",
    ok: { 201: "created, with its secret (shown once here)" },
    body: createWebhookBody,
  },
  "GET /api/v1/webhooks/{id}": { summary: "One webhook with its health" },
  "PATCH /api/v1/webhooks/{id}": { summary: "Update a webhook" },
  "PUT /api/v1/webhooks/{id}": { summary: "Update a webhook (same as PATCH)" },
  "DELETE /api/v1/webhooks/{id}": { summary: "Delete a webhook (its log stays; what waited is cancelled)", ok: { 204: "deleted" } },
  "POST /api/v1/webhooks/{id}/ping": { summary: "Send the test request now" },
  "POST /api/v1/webhooks/{id}/example": { summary: "Send an example event to this webhook only", ok: { 202: "sent as a manual attempt" } },
  "GET /api/v1/webhooks/{id}/secret": { summary: "Reveal the signing secret (admins)" },
  "POST /api/v1/webhooks/{id}/secret/rotate": {
    summary: "Rotate the signing secret (the old one stays valid 24 h, or as long as previous_secret_expires_in says)",
  },
  "GET /api/v1/webhooks/{id}/deliveries": { summary: "The delivery log, newest first, keyset paging" },
  "GET /api/v1/webhooks/{id}/health": { summary: "Success rate, latency, outcomes by hour, failure streak" },
  "POST /api/v1/webhooks/{id}/recover": {
    summary: "Send failed (cancelled, paused) deliveries again",
    ok: { 200: "dry run: the count", 202: "queued" },
  },
  "POST /api/v1/webhooks/{id}/paused": { summary: "Deliver or discard what a disabled webhook kept paused" },
  "GET /api/v1/webhooks/{id}/feed": { summary: "The webhook's messages in order (long poll with wait=)" },
  "POST /api/v1/webhooks/{id}/feed/ack": { summary: "Acknowledge the feed up to a cursor" },
  "GET /api/v1/deliveries/{id}": { summary: "One delivery with its request body and every attempt" },
  "POST /api/v1/deliveries/{id}/resend": { summary: "A new attempt now, same webhook-id", ok: { 202: "queued" } },
  "POST /api/v1/events": { summary: "Publish an event", ok: { 200: "the same id again: nothing new", 202: "stored, deliveries queued" } },
  "GET /api/v1/events": { summary: "The organization's events with every webhook's delivery" },
  "GET /api/v1/events/{id}": { summary: "One event" },
  "POST /api/v1/events/{id}/resend": { summary: "Resend an event to every webhook subscribed to it now", ok: { 202: "queued" } },
  "GET /api/v1/tokens": { summary: "List API tokens (never their secret)" },
  "POST /api/v1/tokens": { summary: "Create an API token (its secret shown once)", ok: { 201: "created" } },
  "DELETE /api/v1/tokens/{id}": { summary: "Revoke an API token", ok: { 204: "revoked" } },
  "GET /api/v1/members": { summary: "The organization's members" },
  "PATCH /api/v1/members/{id}": { summary: "Change a member's role" },
  "DELETE /api/v1/members/{id}": { summary: "Remove a member", ok: { 204: "removed" } },
  "POST /api/v1/members/{id}/password-reset": { summary: "A single-use password reset link for a member", ok: { 201: "the link" } },
  "POST /api/v1/invitations": { summary: "Invite someone by e-mail", ok: { 201: "the invitation and its link" } },
  "GET /api/v1/notifications": { summary: "Every message sent to the organization's people" },
  "GET /api/v1/notifications/chat-webhook": { summary: "The team's chat webhook (its host only)" },
  "PUT /api/v1/notifications/chat-webhook": { summary: "Set the team's chat webhook" },
  "DELETE /api/v1/notifications/chat-webhook": { summary: "Remove the team's chat webhook" },
  "POST /api/v1/notifications/chat-webhook/test": { summary: "Send a test message to the chat webhook", ok: { 202: "queued" } },
  "GET /api/v1/operator/organizations": { summary: "Operator: list tenants (keyset)" },
  "GET /api/v1/operator/organizations/{external_id}": { summary: "Operator: one tenant" },
  "PUT /api/v1/operator/organizations/{external_id}": {
    summary: "Operator: create or update a tenant",
    ok: { 200: "updated", 201: "created" },
  },
  "DELETE /api/v1/operator/organizations/{external_id}": { summary: "Operator: delete a tenant (soft)" },
  "POST /api/v1/operator/organizations/{external_id}/events": {
    summary: "Operator: publish an event for a tenant",
    ok: { 200: "the same id again: nothing new", 202: "stored" },
  },
  "GET /api/v1/operator/organizations/{external_id}/events": { summary: "Operator: a tenant's events" },
  "POST /api/v1/operator/events": { summary: "Operator: publish up to 500 events for any tenants, answered per item" },
  "GET /api/v1/operator/organizations/{external_id}/webhooks": { summary: "Operator: a tenant's webhooks" },
  "POST /api/v1/operator/organizations/{external_id}/webhooks": {
    summary: "Operator: create a webhook for a tenant",
    ok: { 201: "created" },
    body: createWebhookBody,
  },
  "GET /api/v1/operator/organizations/{external_id}/webhooks/{id}": { summary: "Operator: one webhook of a tenant" },
  "PATCH /api/v1/operator/organizations/{external_id}/webhooks/{id}": { summary: "Operator: update a tenant's webhook" },
  "PUT /api/v1/operator/organizations/{external_id}/webhooks/{id}": { summary: "Operator: update a tenant's webhook (same as PATCH)" },
  "DELETE /api/v1/operator/organizations/{external_id}/webhooks/{id}": {
    summary: "Operator: delete a tenant's webhook",
    ok: { 204: "deleted" },
  },
  "GET /api/v1/operator/organizations/{external_id}/webhooks/{id}/secret": { summary: "Operator: reveal a tenant webhook's secret" },
  "POST /api/v1/operator/organizations/{external_id}/webhooks/{id}/secret/rotate": {
    summary: "Operator: rotate a tenant webhook's secret",
  },
  "POST /api/v1/operator/organizations/{external_id}/portal-sessions": {
    summary: "Operator: a single-use URL into the tenant's embedded portal",
    ok: { 201: "the URL" },
  },
  "GET /api/v1/operator/audit": { summary: "Operator: every operator action, newest first" },
};

/** Errors each route may answer, with the codes of ERROR_CODES (lib/errors.ts). */
const ERRORS: Record<number, string> = {
  400: "malformed JSON (json.malformed) or cursor (cursor.invalid)",
  401: "no or invalid credential (auth.required, token.invalid, operator.required)",
  403: "not allowed (role.forbidden, token.scope, origin.refused, session.required, portal.forbidden…)",
  404: "not found — also another organization's ids",
  409: "not possible in the current state (conflict, delivery.waiting_predecessor)",
  413: "body too large (payload.too_large)",
  422: "invalid input: errors by field, with field_codes (invalid, quota.exceeded, url.blocked, url.ping_failed…)",
  429: "rate limited (rate_limited): see Retry-After",
  503: "the database is briefly unavailable (unavailable): nothing changed, try again after Retry-After",
};

const errorBody = {
  type: "object",
  required: ["errors", "code"],
  properties: {
    errors: {
      oneOf: [
        { type: "array", items: { type: "string" } },
        { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
      ],
      description: "messages, or messages by field (422)",
    },
    code: { type: "string", enum: [...ERROR_CODES] },
    field_codes: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
  },
};

function parameters(path: string, query: z.ZodType | undefined): Record<string, unknown>[] {
  const inPath = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));
  if (!query) return inPath;
  const schema = json(query) as { properties?: Record<string, unknown>; required?: string[] };
  const inQuery = Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
  return [...inPath, ...inQuery];
}

function security(definition: RouteDefinition): Record<string, string[]>[] {
  if (definition.options.auth === "public") return [];
  if (definition.options.auth === "operator") return [{ operatorKey: [] }];
  return [{ bearerToken: [] }, { basicToken: [] }, { sessionCookie: [] }];
}

function operation(path: string, method: Method, definition: RouteDefinition): Record<string, unknown> {
  const key = `${method} ${path}`;
  const doc = OPERATIONS[key];
  if (!doc) throw new Error(`no OPERATIONS entry for ${key}`);
  const { body, query } = definition.options;
  const ok = doc.ok ?? { 200: "OK" };
  const responses: Record<string, unknown> = Object.fromEntries(
    Object.entries(ok).map(([status, description]) => [
      status,
      status === "204"
        ? { description }
        : { description, content: { "application/json": { schema: { type: "object", additionalProperties: true } } } },
    ]),
  );
  for (const [status, description] of Object.entries(ERRORS)) {
    responses[status] = { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  }
  const requestBody = doc.body ?? (body ? json(body as z.ZodType) : undefined);
  return {
    operationId: `${method.toLowerCase()}${path.replace(/\/api\/v1|[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    summary: doc.summary,
    tags: [path.split("/")[3] ?? "api"],
    parameters: parameters(path, query as z.ZodType | undefined),
    ...(requestBody ? { requestBody: { required: true, content: { "application/json": { schema: requestBody } } } } : {}),
    responses,
    security: security(definition),
  };
}

/** The event every receiver gets (standard format), by type: the OpenAPI `webhooks` section. */
function webhooks(): Record<string, unknown> {
  return Object.fromEntries(
    eventTypes.map((t) => [
      t.name,
      {
        post: {
          summary: t.description.en,
          description: t.description["pt-BR"],
          parameters: ["webhook-id", "webhook-timestamp", "webhook-signature"].map((name) => ({
            name,
            in: "header",
            required: true,
            schema: { type: "string" },
          })),
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["type", "timestamp", "data"],
                  properties: { type: { const: t.name }, timestamp: { type: "string", format: "date-time" }, data: eventTypeJsonSchema(t) },
                },
                example: { type: t.name, timestamp: "2026-11-12T13:15:04.000Z", data: t.example },
              },
            },
          },
          responses: { "200": { description: "any 2xx within 15 s acknowledges it" } },
        },
      },
    ]),
  );
}

/** The whole document for `routes` (app/api/v1/openapi.json/routes.ts). */
export function openApiDocument(routes: { path: string; module: RouteModule }[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { path, module } of routes) {
    for (const method of METHODS) {
      const handler = module[method] as { definition?: RouteDefinition } | undefined;
      if (!handler?.definition) continue;
      (paths[path] ??= {})[method.toLowerCase()] = operation(path, method, handler.definition);
    }
  }
  // this document itself (its route file lists the others, so it is not among them)
  paths["/api/v1/openapi.json"] = {
    get: {
      operationId: "getOpenapiJson",
      summary: "This OpenAPI 3.1 document",
      tags: ["openapi.json"],
      responses: { "200": { description: "the document", content: { "application/json": { schema: { type: "object" } } } } },
      security: [],
    },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "NF-e Webhooks API",
      version: "1",
      description:
        "Webhooks for NF-e, NFC-e and NFS-e events: endpoints, publishing, the delivery log, resends, the pull feed and platform mode. Errors are JSON {errors, code}.",
    },
    servers: [{ url: "/" }],
    paths,
    webhooks: webhooks(),
    components: {
      schemas: { Error: errorBody },
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "an API token (nfe_…)" },
        basicToken: { type: "http", scheme: "basic", description: "the API token as user name, empty password" },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "the dashboard's session (changes need a same-origin Origin)",
        },
        operatorKey: { type: "http", scheme: "bearer", description: "OPERATOR_API_KEY (platform mode, /api/v1/operator/… only)" },
      },
    },
  };
}
