"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { apiFetch, ApiRequestError, readJson, requestError } from "@/lib/queries/fetcher";
import { queryKeys } from "@/lib/queries/keys";
import type { LocalizedText } from "@/lib/webhooks/catalog";
import type { serializePing } from "@/lib/webhooks/endpoints/ping";
import type {
  createEndpointSchema,
  createPollingEndpointSchema,
  SecretOverlap,
  updateEndpointSchema,
} from "@/lib/webhooks/endpoints/schemas";
import type { WebhookJson } from "@/lib/webhooks/log/webhook-view";
import type { Environment } from "@/lib/webhooks/environments";

export type Webhook = WebhookJson;
export type PingResult = ReturnType<typeof serializePing>;
export type CreateWebhookInput = z.input<typeof createEndpointSchema> | z.input<typeof createPollingEndpointSchema>;
export type UpdateWebhookInput = z.input<typeof updateEndpointSchema>;

export interface WebhookSecret {
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
}

export interface RotatedSecret {
  secret: string;
  /** null: rotated with previous_secret_expires_in "now", the old secret no longer signs */
  previous_secret_expires_at: string | null;
}

export interface EventTypesCatalog {
  event_types: { name: string; group: string; description: LocalizedText; schema: unknown; example: unknown; sources: string[] }[];
  groups: { id: string; label: LocalizedText; event_types: string[] }[];
}

/** A save refused because the test request failed: the 422 body also says what the URL answered. */
export class PingFailedError extends ApiRequestError {
  constructor(
    errors: Record<string, string[]>,
    fieldCodes: Record<string, string[]>,
    readonly ping: PingResult,
  ) {
    super(422, errors, "url.ping_failed", fieldCodes);
  }
}

// Create and update need the whole 422 body (`ping`), which apiFetch does not keep.
async function saveEndpoint<T>(path: string, method: "POST" | "PATCH", body: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  const payload = await readJson(response);
  if (response.ok) return payload as T;
  const error = requestError(response, payload);
  if (response.status === 422 && payload.ping && !Array.isArray(error.errors))
    throw new PingFailedError(error.errors, error.fieldCodes, payload.ping as PingResult);
  throw error;
}

const webhookPath = (id: string) => `/api/v1/webhooks/${encodeURIComponent(id)}`;

/** The webhooks of one environment (the dashboard's current one). */
export function useWebhooks(environment: Environment) {
  return useQuery({
    queryKey: queryKeys.webhooks.list(environment),
    queryFn: () => apiFetch<{ webhooks: Webhook[] }>(`/api/v1/webhooks?environment=${environment}`).then((r) => r.webhooks),
  });
}

export function useWebhook(id: string, initialData?: Webhook) {
  return useQuery({
    queryKey: queryKeys.webhooks.detail(id),
    queryFn: () => apiFetch<{ webhook: Webhook }>(webhookPath(id)).then((r) => r.webhook),
    initialData,
  });
}

export function useEventTypes() {
  return useQuery({
    queryKey: queryKeys.eventTypes(),
    queryFn: () => apiFetch<EventTypesCatalog>("/api/v1/event-types"),
    staleTime: Infinity,
  });
}

export function useCreateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateWebhookInput) => saveEndpoint<{ webhook: Webhook; secret: string }>("/api/v1/webhooks", "POST", input),
    onSuccess: ({ webhook }) => {
      client.setQueryData(queryKeys.webhooks.detail(webhook.id), webhook);
      return client.invalidateQueries({ queryKey: queryKeys.webhooks.list() });
    },
  });
}

export function useUpdateWebhook(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateWebhookInput) => saveEndpoint<{ webhook: Webhook }>(webhookPath(id), "PATCH", input).then((r) => r.webhook),
    onSuccess: (webhook) => {
      client.setQueryData(queryKeys.webhooks.detail(id), webhook);
      return Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.webhooks.list() }),
        client.invalidateQueries({ queryKey: queryKeys.webhooks.health(id) }),
      ]);
    },
  });
}

/** What a re-enabled webhook kept paused: deliver it all now (oldest first) or discard it. */
export function useSettlePaused(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: "deliver" | "discard") =>
      apiFetch<{ action: string; count: number }>(`${webhookPath(id)}/paused`, { method: "POST", body: { action } }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.webhooks.detail(id) }),
        client.invalidateQueries({ queryKey: queryKeys.webhooks.list() }),
        client.invalidateQueries({ queryKey: queryKeys.webhooks.deliveriesOf(id) }),
        client.invalidateQueries({ queryKey: queryKeys.webhooks.health(id) }),
      ]),
  });
}

export function useDeleteWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(webhookPath(id), { method: "DELETE" }),
    // The page being left still shows the detail; dropping it here would refetch a 404 first.
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.webhooks.list() }),
  });
}

/** Fetched only while the secret is revealed, and never kept once hidden. */
export function useWebhookSecret(id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.webhooks.secret(id),
    queryFn: () => apiFetch<WebhookSecret>(`${webhookPath(id)}/secret`),
    enabled,
    staleTime: Infinity,
    gcTime: 0,
  });
}

export function useRotateSecret(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (overlap: SecretOverlap) =>
      apiFetch<RotatedSecret>(`${webhookPath(id)}/secret/rotate`, { method: "POST", body: { previous_secret_expires_in: overlap } }),
    // show the new secret at once (the old one becomes "previous"), then confirm with the server
    onSuccess: (rotated) => {
      client.setQueryData<WebhookSecret>(queryKeys.webhooks.secret(id), (current) =>
        current
          ? {
              ...current,
              secret: rotated.secret,
              previous_secret: rotated.previous_secret_expires_at ? current.secret : null,
              previous_secret_expires_at: rotated.previous_secret_expires_at,
            }
          : current,
      );
      return client.invalidateQueries({ queryKey: queryKeys.webhooks.secret(id) });
    },
  });
}

export function usePingWebhook(id: string) {
  return useMutation({
    mutationFn: () => apiFetch<{ ping: PingResult }>(`${webhookPath(id)}/ping`, { method: "POST" }).then((r) => r.ping),
  });
}
