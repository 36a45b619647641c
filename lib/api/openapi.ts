// The OpenAPI 3.1 document of /api/v1 (GET /api/v1/openapi.json), generated from the route
// definitions themselves: each route file's exported handlers carry their definition (lib/api/
// next-route.ts), whose zod body and query schemas become the request body and parameters (zod 4's
// own JSON Schema output, input side); who may call it becomes its security; the summary, the
// success statuses and their body's schema (lib/api/responses.ts, output side) come from OPERATIONS
// below, which a test keeps in step with the route files. The `webhooks` section has every event
// type's body with its schema and example.
import "server-only";
import { z } from "zod";
import { ERROR_CODES } from "@/lib/errors";
import { refusingUnknownFields } from "@/lib/validation";
import type { RouteDefinition } from "@/lib/api/route";
import { createPollingEndpointSchema, createEndpointSchema } from "@/lib/webhooks/endpoints/schemas";
import { eventTypeJsonSchema, eventTypes } from "@/lib/webhooks/catalog";
import * as answers from "@/lib/api/responses";

export type RouteModule = Record<string, unknown>;

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

interface Operation {
  summary: string;
  /** success statuses and what each means (default: 200) */
  ok?: Record<number, string>;
  /** the request body when the route reads a looser schema first (e.g. by `kind`) */
  body?: Record<string, unknown>;
  /** the body of every success answer but 204 (lib/api/responses.ts) */
  response?: z.ZodType;
}

/** A request body's JSON Schema: fields it does not know are refused (refusingUnknownFields), so it says additionalProperties: false. */
const json = (schema: z.ZodType) =>
  z.toJSONSchema(refusingUnknownFields(schema), { io: "input", unrepresentable: "any", target: "draft-2020-12" });

const SCHEMAS = "#/components/schemas/";

/** Answers' JSON Schema: a date-time or uuid said by its standard format alone (not zod's long pattern too), integers without ±2^53. */
const answerOptions = {
  io: "output",
  target: "draft-2020-12",
  override: ({ jsonSchema: s }) => {
    if (s.format === "date-time" || s.format === "uuid") delete s.pattern;
    if (s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
    if (s.minimum === Number.MIN_SAFE_INTEGER) delete s.minimum;
  },
} satisfies z.core.ToJSONSchemaParams;

/** The schemas lib/api/responses.ts names (zod's global registry, by id): components.schemas. */
function namedSchemas(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { ...answerOptions, uri: (id) => SCHEMAS + id });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _, $id: __, ...schema }]) => [id, schema]));
}

/** A success answer's schema: a named one by reference, else inline, referring to the named ones it holds. */
function answerSchema(schema: z.ZodType): Record<string, unknown> {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: SCHEMAS + id };
  const { $schema: _, $defs: __, ...inline } = z.toJSONSchema(schema, answerOptions);
  return JSON.parse(JSON.stringify(inline).replaceAll('"#/$defs/', `"${SCHEMAS}`));
}

const createWebhookBody = { oneOf: [json(createEndpointSchema), json(createPollingEndpointSchema)] };

/** Every operation of the API: "METHOD /path" → what it does. */
export const OPERATIONS: Record<string, Operation> = {
  "GET /api/v1/me": { summary: "Who the credential belongs to", response: answers.MeAnswer },
  "GET /api/v1/me/organizations": { summary: "The signed-in user's organizations", response: answers.MyOrganizations },
  "POST /api/v1/me/organization": {
    summary: "Switch this dashboard session to another organization of the user",
    response: answers.SwitchedOrganization,
  },
  "DELETE /api/v1/me/sessions": {
    summary: "Sign out everywhere",
    ok: { 200: "every session ended, counted" },
    response: answers.SessionsEnded,
  },
  "GET /api/v1/me/notification-preferences": {
    summary: "The member's language and e-mail alert choices",
    response: answers.PreferencesAnswer,
  },
  "PUT /api/v1/me/notification-preferences": {
    summary: "Change the member's language and e-mail alert choices",
    response: answers.PreferencesAnswer,
  },
  "GET /api/v1/event-types": {
    summary: "The event catalog; with ?format=, each example in that payload format",
    response: answers.EventTypesAnswer,
  },
  "GET /api/v1/webhooks": { summary: "List webhooks (secrets never listed)", response: answers.WebhookList },
  "POST /api/v1/webhooks": {
    summary: "Create a webhook (push: tested first; or kind=polling)",
    ok: { 201: "created, with its secret (shown once here)" },
    body: createWebhookBody,
    response: answers.WebhookCreated,
  },
  "GET /api/v1/webhooks/{id}": { summary: "One webhook with its health", response: answers.WebhookAnswer },
  "PATCH /api/v1/webhooks/{id}": { summary: "Update a webhook", response: answers.WebhookAnswer },
  "PUT /api/v1/webhooks/{id}": { summary: "Update a webhook (same as PATCH)", response: answers.WebhookAnswer },
  "DELETE /api/v1/webhooks/{id}": { summary: "Delete a webhook (its log stays; what waited is cancelled)", ok: { 204: "deleted" } },
  "POST /api/v1/webhooks/{id}/ping": { summary: "Send the test request now", response: answers.PingAnswer },
  "POST /api/v1/webhooks/{id}/example": {
    summary: "Send an example event to this webhook only",
    ok: { 202: "sent as a manual attempt" },
    response: answers.ExampleAnswer,
  },
  "GET /api/v1/webhooks/{id}/secret": { summary: "Reveal the signing secret (admins)", response: answers.SecretAnswer },
  "POST /api/v1/webhooks/{id}/secret/rotate": {
    summary: "Rotate the signing secret (the old one stays valid 24 h, or as long as previous_secret_expires_in says)",
    response: answers.RotatedSecret,
  },
  "GET /api/v1/webhooks/{id}/deliveries": { summary: "The delivery log, newest first, keyset paging", response: answers.DeliveryList },
  "GET /api/v1/webhooks/{id}/health": {
    summary: "Success rate, latency, outcomes by hour, failure streak",
    response: answers.HealthAnswer,
  },
  "POST /api/v1/webhooks/{id}/recover": {
    summary: "Send failed (cancelled, paused) deliveries again",
    ok: { 200: "dry run: the count", 202: "queued" },
    response: answers.RecoverAnswer,
  },
  "POST /api/v1/webhooks/{id}/paused": {
    summary: "Deliver or discard what a disabled webhook kept paused",
    response: answers.PausedAnswer,
  },
  "GET /api/v1/webhooks/{id}/feed": { summary: "The webhook's messages in order (long poll with wait=)", response: answers.FeedPage },
  "POST /api/v1/webhooks/{id}/feed/ack": { summary: "Acknowledge the feed up to a cursor", response: answers.FeedAck },
  "GET /api/v1/deliveries": {
    summary: "Failed (retrying, paused, cancelled) deliveries across every webhook, newest first, keyset paging",
    response: answers.FailureList,
  },
  "POST /api/v1/deliveries/resend": {
    summary: "A new attempt now for up to 100 deliveries, answered per delivery",
    ok: { 202: "queued, with what was refused or not found" },
    response: answers.BulkResent,
  },
  "GET /api/v1/deliveries/{id}": { summary: "One delivery with its request body and every attempt", response: answers.DeliveryAnswer },
  "POST /api/v1/deliveries/{id}/resend": {
    summary: "A new attempt now, same webhook-id",
    ok: { 202: "queued" },
    response: answers.DeliveryAnswer,
  },
  "POST /api/v1/events": {
    summary: "Publish an event",
    ok: { 200: "the same id again: nothing new", 202: "stored, deliveries queued" },
    response: answers.Published,
  },
  "GET /api/v1/events": { summary: "The organization's events with every webhook's delivery", response: answers.EventList },
  "GET /api/v1/events/{id}": { summary: "One event", response: answers.EventAnswer },
  "POST /api/v1/events/{id}/resend": {
    summary: "Resend an event to every webhook subscribed to it now",
    ok: { 202: "queued" },
    response: answers.EventResent,
  },
  "GET /api/v1/tokens": { summary: "List API tokens (never their secret)", response: answers.TokenList },
  "POST /api/v1/tokens": { summary: "Create an API token (its secret shown once)", ok: { 201: "created" }, response: answers.TokenCreated },
  "DELETE /api/v1/tokens/{id}": { summary: "Revoke an API token", ok: { 204: "revoked" } },
  "GET /api/v1/members": { summary: "The organization's members", response: answers.MemberList },
  "PATCH /api/v1/members/{id}": { summary: "Change a member's role", response: answers.RoleChanged },
  "DELETE /api/v1/members/{id}": { summary: "Remove a member", ok: { 204: "removed" } },
  "POST /api/v1/members/{id}/password-reset": {
    summary: "A single-use password reset link for a member",
    ok: { 201: "the link" },
    response: answers.ResetLink,
  },
  "POST /api/v1/invitations": {
    summary: "Invite someone by e-mail",
    ok: { 201: "the invitation and its link" },
    response: answers.InvitationAnswer,
  },
  "GET /api/v1/notifications": { summary: "Every message sent to the organization's people", response: answers.NotificationList },
  "GET /api/v1/notifications/chat-webhook": { summary: "The team's chat webhook (its host only)", response: answers.ChatWebhookAnswer },
  "PUT /api/v1/notifications/chat-webhook": { summary: "Set the team's chat webhook", response: answers.ChatWebhookAnswer },
  "DELETE /api/v1/notifications/chat-webhook": { summary: "Remove the team's chat webhook", response: answers.ChatWebhookAnswer },
  "POST /api/v1/notifications/chat-webhook/test": {
    summary: "Send a test message to the chat webhook",
    ok: { 202: "queued" },
    response: answers.ChatTestQueued,
  },
  "GET /api/v1/operator/organizations": { summary: "Operator: list tenants (keyset)", response: answers.OperatorOrganizationList },
  "GET /api/v1/operator/organizations/{external_id}": { summary: "Operator: one tenant", response: answers.OperatorOrganizationAnswer },
  "PUT /api/v1/operator/organizations/{external_id}": {
    summary: "Operator: create or update a tenant",
    ok: { 200: "updated", 201: "created" },
    response: answers.OperatorOrganizationAnswer,
  },
  "DELETE /api/v1/operator/organizations/{external_id}": { summary: "Operator: delete a tenant (soft)", ok: { 204: "deleted" } },
  "POST /api/v1/operator/organizations/{external_id}/events": {
    summary: "Operator: publish an event for a tenant",
    ok: { 200: "the same id again: nothing new", 202: "stored" },
    response: answers.Published,
  },
  "GET /api/v1/operator/organizations/{external_id}/events": { summary: "Operator: a tenant's events", response: answers.EventList },
  "POST /api/v1/operator/events": {
    summary: "Operator: publish up to 500 events for any tenants, answered per item",
    response: answers.BatchAnswer,
  },
  "GET /api/v1/operator/organizations/{external_id}/webhooks": { summary: "Operator: a tenant's webhooks", response: answers.WebhookList },
  "POST /api/v1/operator/organizations/{external_id}/webhooks": {
    summary: "Operator: create a webhook for a tenant",
    ok: { 201: "created" },
    body: createWebhookBody,
    response: answers.WebhookCreated,
  },
  "GET /api/v1/operator/organizations/{external_id}/webhooks/{id}": {
    summary: "Operator: one webhook of a tenant",
    response: answers.WebhookAnswer,
  },
  "PATCH /api/v1/operator/organizations/{external_id}/webhooks/{id}": {
    summary: "Operator: update a tenant's webhook",
    response: answers.WebhookAnswer,
  },
  "PUT /api/v1/operator/organizations/{external_id}/webhooks/{id}": {
    summary: "Operator: update a tenant's webhook (same as PATCH)",
    response: answers.WebhookAnswer,
  },
  "DELETE /api/v1/operator/organizations/{external_id}/webhooks/{id}": {
    summary: "Operator: delete a tenant's webhook",
    ok: { 204: "deleted" },
  },
  "GET /api/v1/operator/organizations/{external_id}/webhooks/{id}/secret": {
    summary: "Operator: reveal a tenant webhook's secret",
    response: answers.SecretAnswer,
  },
  "POST /api/v1/operator/organizations/{external_id}/webhooks/{id}/secret/rotate": {
    summary: "Operator: rotate a tenant webhook's secret",
    response: answers.RotatedSecret,
  },
  "POST /api/v1/operator/organizations/{external_id}/portal-sessions": {
    summary: "Operator: a single-use URL into the tenant's embedded portal",
    ok: { 201: "the URL" },
    response: answers.PortalSession,
  },
  "GET /api/v1/operator/audit": { summary: "Operator: every operator action, newest first", response: answers.AuditAnswer },
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
    Object.entries(ok).map(([status, description]) => {
      if (status === "204") return [status, { description }];
      if (!doc.response) throw new Error(`no response schema for ${key} (lib/api/responses.ts)`);
      return [status, { description, content: { "application/json": { schema: answerSchema(doc.response) } } }];
    }),
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

/** This document's own answer: an OpenAPI 3.1 document (its full schema is the specification's). */
const openApiDocumentSchema = {
  type: "object",
  required: ["openapi", "info", "paths", "components"],
  properties: {
    openapi: { const: "3.1.0" },
    info: { type: "object" },
    paths: { type: "object" },
    webhooks: { type: "object" },
    components: { type: "object" },
  },
  externalDocs: { url: "https://spec.openapis.org/oas/v3.1.0" },
};

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
      responses: { "200": { description: "the document", content: { "application/json": { schema: openApiDocumentSchema } } } },
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
      schemas: { ...namedSchemas(), Error: errorBody },
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
