// The success answers of /api/v1 as zod schemas, for the OpenAPI document (lib/api/openapi.ts): each
// says what a serializer returns (lib/api/serialize.ts, lib/webhooks/endpoints/serialize.ts,
// lib/webhooks/log/*, lib/operator/*…), which stay the source of truth; lib/api/responses.test.ts
// checks real answers against the document, where objects allow no field they do not name.
import { z } from "zod";
import { ALERT_KINDS } from "@/lib/alerts/kinds";
import { ERROR_CODES } from "@/lib/errors";
import { AttemptTrigger, Role, TokenScope } from "@/lib/generated/prisma/enums";
import { locales } from "@/lib/i18n/config";
import { eventTypeGroups, eventTypeNames, type EventGroup } from "@/lib/webhooks/catalog";
import { ENDPOINT_KINDS, ORDERINGS, RETRY_POLICIES } from "@/lib/webhooks/endpoints/schemas";
import { ENVIRONMENTS } from "@/lib/webhooks/environments";
import { PAYLOAD_FORMATS } from "@/lib/webhooks/formats/formats";
import { DELIVERY_STATUSES } from "@/lib/webhooks/log/schemas";
import type { DeliverErrorKind } from "@/lib/webhooks/outbound/deliver";
import type { HealthState } from "@/lib/webhooks/log/webhook-view";

/** A schema emitted once as components.schemas[id] (its id in zod's global registry) and referenced. */
const named = <S extends z.ZodType>(id: string, description: string, schema: S): S => schema.meta({ id, description });

const dateTime = z.iso.datetime();
const id = z.uuid();
const count = z.number().int().min(0);
const cursor = z.string().nullable().meta({ description: "the next page's cursor (null: no more)" });
const headers = z.record(z.string(), z.string());
const json = z.record(z.string(), z.unknown());
/** Every member of a union type as an enum's values: the compiler refuses a missing or an unknown one. */
const keys = <K extends string>(all: Record<K, true>) => Object.keys(all) as [K, ...K[]];

const HEALTH_STATES = keys<HealthState>({ healthy: true, unstable: true, failing: true, disabled: true, idle: true });
const SEND_ERRORS = keys<DeliverErrorKind>({
  timeout: true,
  connect: true,
  dns: true,
  tls: true,
  blocked: true,
  redirect: true,
  http: true,
});
/** an attempt's error: a sending failure, or the worker stopped mid-attempt */
const ATTEMPT_ERRORS = [...SEND_ERRORS, "interrupted"] as const;
/** why a webhook is disabled: by hand, its failure streak, or its receiver answered 410 Gone */
const DISABLED_REASONS = ["manual", "failing", "gone"] as const;

const EventType = named("EventType", "an event type of the catalog (GET /api/v1/event-types)", z.enum(eventTypeNames));
const Environment = named("Environment", "the SEFAZ environment", z.enum(ENVIRONMENTS));
const DeliveryStatus = named("DeliveryStatus", "where a delivery stands", z.enum(DELIVERY_STATUSES));
const webhookId = z
  .string()
  .regex(/^msg_[0-9a-f]{32}$/)
  .meta({ description: "the webhook-id header the receiver gets (the same on every attempt)" });
const localized = z.object({ "pt-BR": z.string(), en: z.string() });

// ---------- webhooks ----------

const Webhook = named(
  "Webhook",
  "a webhook (endpoint): its settings, what waits paused, its health; never its secret",
  z.object({
    id,
    kind: z.enum(ENDPOINT_KINDS),
    url: z.string().nullable().meta({ description: "null for a polling webhook" }),
    description: z.string(),
    event_types: z.array(EventType).meta({ description: "empty: every event type" }),
    cnpjs: z.array(z.string()).meta({ description: "empty: every company" }),
    headers: headers.meta({ description: "custom headers; their values masked unless the caller may change the webhook" }),
    retry_policy: z.enum(RETRY_POLICIES),
    environment: Environment,
    ordering: z.enum(ORDERINGS),
    payload_format: z.enum(PAYLOAD_FORMATS),
    redact_personal: z.boolean(),
    enabled: z.boolean(),
    disabled_reason: z.enum(DISABLED_REASONS).nullable(),
    disabled_at: dateTime.nullable(),
    consecutive_failures: count,
    failing_since: dateTime.nullable(),
    created_at: dateTime,
    updated_at: dateTime,
    _links: z.array(
      z.object({
        rel: z.enum(["self", "update", "destroy", "ping", "deliveries", "feed"]),
        method: z.enum(["GET", "PATCH", "DELETE", "POST"]),
        href: z.string(),
      }),
    ),
    paused_deliveries: count,
    health: z.object({
      state: z.enum(HEALTH_STATES),
      success_rate_24h: z.number().min(0).max(1).nullable(),
      attempts_24h: count,
      failed_deliveries_24h: count,
    }),
  }),
);

const secret = z.string().regex(/^whsec_/);

export const WebhookAnswer = z.object({ webhook: Webhook });
export const WebhookList = z.object({ webhooks: z.array(Webhook) });
export const WebhookCreated = z.object({ webhook: Webhook, secret: secret.meta({ description: "the signing secret, shown once here" }) });
export const SecretAnswer = named(
  "Secret",
  "the signing secret, and the previous one while it still signs (24 h after a rotation)",
  z.object({ secret, previous_secret: secret.nullable(), previous_secret_expires_at: dateTime.nullable() }),
);
export const RotatedSecret = named(
  "RotatedSecret",
  "the new signing secret; the previous one signs too until previous_secret_expires_at",
  z.object({ secret, previous_secret_expires_at: dateTime.nullable().meta({ description: 'null with previous_secret_expires_in "now"' }) }),
);

const exchange = z.object({ headers, body: z.string(), body_truncated: z.boolean() });
export const PingAnswer = z.object({
  ping: named(
    "PingResult",
    "the test request (webhook.test) and what the receiver answered",
    z.object({
      ok: z.boolean(),
      status_code: z.number().int().nullable(),
      error: z.enum(SEND_ERRORS.filter((k) => k !== "http")).nullable(),
      error_kind: z.enum(SEND_ERRORS).nullable(),
      error_code: z
        .string()
        .nullable()
        .meta({ description: "the system's code for a failure to connect or talk (ECONNREFUSED, CERT_HAS_EXPIRED…), else null" }),
      message: z.string().nullable().meta({ description: "what failed, in words (null when ok)" }),
      duration_ms: count,
      request: z.object({ headers, body: z.string() }),
      response: exchange,
      sent_at: dateTime,
    }),
  ),
});

const window = z.object({
  attempts: count,
  succeeded: count,
  success_rate: z.number().min(0).max(1).nullable(),
  p50_ms: count.nullable(),
  p95_ms: count.nullable(),
});
export const HealthAnswer = named(
  "Health",
  "a webhook's success rate and latency, attempts by hour, failure streak and auto-disable",
  z.object({
    state: z.enum(HEALTH_STATES),
    failed_deliveries_24h: count,
    paused_deliveries: count,
    last_24h: window,
    last_7d: window,
    hourly: z.array(z.object({ hour: dateTime, succeeded: count, failed: count })),
    last_failure: z
      .object({
        at: dateTime,
        status_code: z.int().nullable(),
        error_kind: z.enum(ATTEMPT_ERRORS).nullable(),
        error_message: z.string().nullable(),
        delivery_id: id,
        attempt_number: count,
        event_type: z.string(),
      })
      .nullable()
      .meta({ description: "the most recent failed attempt of the last 7 days (test requests aside)" }),
    consecutive_failures: count,
    failing_since: dateTime.nullable(),
    auto_disable: z.object({
      after_days: count,
      after_failures: count,
      at: dateTime.nullable(),
      failures_left: count.nullable(),
    }),
    enabled: z.boolean(),
    disabled_reason: z.enum(DISABLED_REASONS).nullable(),
    disabled_at: dateTime.nullable(),
    deliveries_by_status: z
      .partialRecord(DeliveryStatus, count)
      .optional()
      .meta({ description: "with ?from=: the deliveries created in [from, to) by status" }),
  }),
);

export const RecoverAnswer = z.object({ count, dry_run: z.boolean(), since: dateTime, until: dateTime });
export const PausedAnswer = z.object({ action: z.enum(["deliver", "discard"]), count });
export const ExampleAnswer = z.object({ delivery: z.object({ id, webhook_id: webhookId, event_id: id }) });

const FeedMessage = named(
  "FeedMessage",
  "one message of a feed: the exact body a push delivery has, signed now with the webhook's secret",
  z.object({
    cursor: z.string(),
    webhook_id: webhookId,
    type: EventType,
    timestamp: dateTime,
    body: z.string(),
    webhook_signature: z.string(),
    headers: z.object({ "webhook-id": webhookId, "webhook-timestamp": z.string().regex(/^\d+$/), "webhook-signature": z.string() }),
    status: DeliveryStatus,
  }),
);
export const FeedPage = z.object({
  messages: z.array(FeedMessage),
  next_cursor: z.string().nullable().meta({ description: "read on from here (null: a push webhook's feed read from its start, empty)" }),
  acked_cursor: z.string().nullable().meta({ description: "how far the consumer acknowledged (polling webhooks)" }),
});
export const FeedAck = z.object({ acked_cursor: z.string(), delivered: count });

// ---------- the delivery and event logs ----------

const Invoice = named(
  "Invoice",
  "the invoice a delivery or an event is about: its identifiers, place in its sequence and SEFAZ's answer",
  z.object({
    company_cnpj: z.string().nullable(),
    access_key: z.string().nullable(),
    series: z.string().nullable(),
    number: z.string().nullable(),
    sequence: z.number().int().nullable(),
    sefaz: z.object({ code: z.string(), message: z.string().nullable(), protocol: z.string().nullable() }).nullable(),
  }),
);

const deliveryFields = {
  id,
  webhook_id: webhookId,
  event_id: id,
  endpoint_id: id,
  event_type: EventType,
  status: DeliveryStatus,
  attempts: count,
  next_attempt_at: dateTime.nullable(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  last_duration_ms: count.nullable(),
  created_at: dateTime,
  updated_at: dateTime,
  invoice: Invoice,
};
const Delivery = named("Delivery", "a row of a webhook's delivery log", z.object(deliveryFields));

const Attempt = named(
  "Attempt",
  "one attempt of a delivery: the request sent and the answer (null when none came)",
  z.object({
    id: z.string().regex(/^\d+$/),
    number: z.number().int().min(1),
    trigger: z.enum(AttemptTrigger),
    started_at: dateTime,
    duration_ms: count,
    status_code: z.number().int().nullable(),
    error: z.enum(ATTEMPT_ERRORS.filter((k) => k !== "http")).nullable(),
    error_kind: z.enum(ATTEMPT_ERRORS).nullable(),
    error_message: z.string().nullable(),
    body_format: z.string().meta({ description: 'the payload format it was sent in: "standard", "emites", "standard+redacted"…' }),
    request: z.object({ headers }),
    response: exchange.nullable(),
  }),
);

export const DeliveryList = z.object({ deliveries: z.array(Delivery), next_cursor: cursor });
/** GET /api/v1/deliveries ("Falhas"): each delivery names its webhook */
export const FailureList = z.object({
  deliveries: z.array(
    z.object({
      ...deliveryFields,
      endpoint: z.object({
        id,
        url: z.string().nullable().meta({ description: "null for a polling webhook" }),
        description: z.string().nullable(),
        deleted: z.boolean(),
      }),
    }),
  ),
  next_cursor: cursor,
});
export const BulkResent = z.object({
  queued: count,
  refused: count,
  not_found: count,
  results: z.array(
    z.object({
      id: z.string(),
      result: z.enum(["queued", "refused", "not_found"]),
      code: z.string().optional(),
      error: z.string().optional(),
    }),
  ),
});
export const DeliveryAnswer = z.object({
  delivery: named(
    "DeliveryDetail",
    "one delivery with its webhook, the body it sends and every attempt (oldest first)",
    z.object({
      ...deliveryFields,
      endpoint: z.object({
        id,
        url: z.string().nullable(),
        kind: z.enum(ENDPOINT_KINDS),
        deleted: z.boolean(),
        retry_policy: z.enum(RETRY_POLICIES),
      }),
      acknowledged_at: dateTime.nullable().meta({ description: "a polling webhook's message: when its consumer acknowledged it" }),
      request: z.object({ body: z.string(), body_format: z.string() }),
      attempts: z.array(Attempt),
    }),
  ),
});

const eventFields = {
  id,
  type: EventType,
  idempotency_key: z.string().nullable().meta({ description: "the publisher's `id`" }),
  environment: Environment,
  created_at: dateTime,
  invoice: Invoice,
  deliveries: z.array(
    z.object({
      id,
      endpoint_id: id,
      url: z.string(),
      status: DeliveryStatus,
      attempts: count,
      last_status_code: z.number().int().nullable(),
      webhook_id: webhookId,
    }),
  ),
};
const Event = named("Event", "a published event with every webhook's delivery of it", z.object(eventFields));
const EventDetail = named("EventDetail", "an event with its data", z.object({ ...eventFields, data: json }));

export const EventList = z.object({ events: z.array(Event), next_cursor: cursor });
export const EventAnswer = z.object({ event: EventDetail });
export const EventResent = z.object({
  event: EventDetail,
  queued: z.array(z.object({ id, endpoint_id: id, webhook_id: webhookId, created: z.boolean() })),
});

const publishedFields = {
  event: z.object({
    id,
    type: EventType,
    idempotency_key: z.string().nullable(),
    environment: Environment,
    sequence: z.number().int().nullable().meta({ description: "the event's place in its invoice's sequence" }),
    created_at: dateTime,
  }),
  deliveries: z.array(z.object({ id, endpoint_id: id, webhook_id: webhookId })),
};
export const Published = named("PublishedEvent", "the event stored (or found by its id) and its deliveries", z.object(publishedFields));

const fieldMessages = z.record(z.string(), z.array(z.string()));
export const BatchAnswer = z.object({
  accepted: count,
  duplicate: count,
  invalid: count,
  results: z.array(
    named(
      "BatchItemResult",
      "one item of a batch publish, in the order sent",
      z.discriminatedUnion("status", [
        z.object({ status: z.enum(["accepted", "duplicate"]), organization: z.string(), ...publishedFields }),
        z.object({
          status: z.literal("invalid"),
          organization: z.string().nullable(),
          errors: z.union([z.array(z.string()), fieldMessages]),
          code: z.enum(ERROR_CODES),
          field_codes: fieldMessages.optional(),
        }),
      ]),
    ),
  ),
});

const eventGroup = z.enum(eventTypeGroups.map((g) => g.id) as [EventGroup, ...EventGroup[]]);
export const EventTypesAnswer = z.object({
  format: z.enum(PAYLOAD_FORMATS).optional().meta({ description: "the ?format= asked for" }),
  event_types: z.array(
    named(
      "EventTypeInfo",
      "an event type: its data's JSON Schema and an example",
      z.object({
        name: EventType,
        group: eventGroup,
        description: localized,
        schema: json.meta({ description: "JSON Schema of `data`" }),
        example: json,
        sources: z.array(z.string()),
        expressible: z.boolean().optional().meta({ description: "with ?format=: whether that format can send it" }),
        body: z.unknown().optional().meta({ description: "with ?format=: the example as that format's body (null: not expressible)" }),
      }),
    ),
  ),
  groups: z.array(z.object({ id: eventGroup, label: localized, event_types: z.array(EventType) })),
});

// ---------- the account ----------

const organizationOfUser = z.object({ id, name: z.string(), role: z.enum(Role), current: z.boolean() });
export const MeAnswer = z.union([
  z.object({
    organization: z.object({ id, name: z.string() }),
    role: z.enum(Role),
    user: z.object({ id, name: z.string(), email: z.string() }),
  }),
  z.object({
    organization: z.object({ id, name: z.string() }),
    role: z.enum(Role).meta({ description: "what an API token may do, as a role" }),
    token: z.object({ id, name: z.string(), prefix: z.string() }),
  }),
]);
export const MyOrganizations = z.object({ organizations: z.array(organizationOfUser) });
export const SwitchedOrganization = z.object({ organization: organizationOfUser });
export const SessionsEnded = z.object({ ended: count });
export const PreferencesAnswer = z.object({
  preferences: named(
    "NotificationPreferences",
    "a member's language and which alerts they get by e-mail",
    z.object({
      locale: z.enum(locales),
      email: z.object(Object.fromEntries(ALERT_KINDS.map((kind) => [kind, z.boolean()]))),
    }),
  ),
});

const Token = named(
  "Token",
  "an API token (never its secret)",
  z.object({
    id,
    name: z.string(),
    prefix: z.string(),
    scope: z.enum(TokenScope),
    environment: Environment.nullable().meta({ description: "limited to this environment (null: both)" }),
    last_used_at: dateTime.nullable(),
    created_at: dateTime,
  }),
);
export const TokenList = z.object({ tokens: z.array(Token) });
export const TokenCreated = z.object({
  token: Token,
  secret: z.string().regex(/^nfe_/).meta({ description: "the token, shown once here" }),
});

const Member = named(
  "Member",
  "a member of the organization",
  z.object({ user_id: id, name: z.string(), email: z.string(), role: z.enum(Role), joined_at: dateTime }),
);
export const MemberList = z.object({ members: z.array(Member) });
export const RoleChanged = z.object({ ok: z.literal(true) });
export const ResetLink = z.object({ link: z.url() });
export const InvitationAnswer = z.object({
  invitation: z.object({
    link: z.url(),
    message_status: z.enum(["queued", "unsent"]).meta({ description: "unsent: no SMTP server, hand the link over yourself" }),
  }),
});

const Notification = named(
  "Notification",
  "a message sent to the organization's people (alerts, invitations), by e-mail or chat",
  z.object({
    id,
    kind: z.string(),
    channel: z.enum(["email", "chat"]),
    to: z.string().meta({ description: "the e-mail address, or the chat webhook's host" }),
    subject: z.string(),
    text: z.string(),
    status: z.enum(["queued", "sent", "failed", "unsent"]),
    error: z.string().nullable(),
    created_at: dateTime,
    sent_at: dateTime.nullable(),
  }),
);
export const NotificationList = z.object({ notifications: z.array(Notification), next_cursor: cursor });
export const ChatWebhookAnswer = z.object({
  chat_webhook: named(
    "ChatWebhook",
    "the team's chat webhook, by its host only (the URL is a credential)",
    z.object({ host: z.string().nullable().meta({ description: "null: none set" }) }),
  ),
});
export const ChatTestQueued = z.object({ notification: z.object({ id }) });

// ---------- platform mode ----------

const OperatorOrganization = named(
  "OperatorOrganization",
  "a tenant, by the integrator's own id",
  z.object({ id, external_id: z.string(), name: z.string(), cnpjs: z.array(z.string()), created_at: dateTime }),
);
export const OperatorOrganizationAnswer = z.object({ organization: OperatorOrganization });
export const OperatorOrganizationList = z.object({ organizations: z.array(OperatorOrganization), next_cursor: cursor });
export const PortalSession = z.object({
  url: z.url().meta({ description: "single use; append ?embed=1 to frame it" }),
  expires_at: dateTime,
});
export const AuditAnswer = z.object({
  actions: z.array(
    named(
      "OperatorAction",
      "what an operator key did",
      z.object({
        id,
        key_id: z.string().meta({ description: "which OPERATOR_API_KEY: the first 12 hex digits of its SHA-256" }),
        action: z.string(),
        external_id: z.string().nullable(),
        target: z.string().nullable(),
        address: z.string(),
        status: z.number().int().meta({ description: "the HTTP status answered" }),
        detail: json.nullable(),
        created_at: dateTime,
      }),
    ),
  ),
});
