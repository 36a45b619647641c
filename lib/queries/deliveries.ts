"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/queries/fetcher";
import { queryKeys } from "@/lib/queries/keys";
import type { RECOVERABLE_STATUSES } from "@/lib/webhooks/engine/schemas";
import { RECENT_DELIVERIES } from "@/lib/webhooks/log/schemas";
import type { endpointHealth } from "@/lib/webhooks/log/health";
import type { getDelivery, serializeDelivery } from "@/lib/webhooks/log/deliveries";

export type DeliveryListItem = ReturnType<typeof serializeDelivery>;
export type DeliveryDetail = Awaited<ReturnType<typeof getDelivery>>["delivery"];
export type DeliveryAttempt = DeliveryDetail["attempts"][number];
export type EndpointHealth = Awaited<ReturnType<typeof endpointHealth>> & { deliveries_by_status?: Record<string, number> };

/** status, event_type, q, from, to: as they appear in the page URL, empty ones left out. */
export type DeliveryLogFilters = Record<string, string>;

export interface RecoverResult {
  count: number;
  dry_run: boolean;
  since: string;
  until: string;
}

export type RecoverableStatus = (typeof RECOVERABLE_STATUSES)[number];
export interface RecoverRequest {
  since: Date;
  until?: Date;
  statuses: RecoverableStatus[];
  dry_run: boolean;
}

/** While a delivery can still change, the views showing it refresh on their own (paused in hidden tabs). */
export const LIVE_INTERVAL_MS = 3_000;
const UNSETTLED = new Set(["pending", "retrying"]);
export const isUnsettled = (status: string) => UNSETTLED.has(status);

const webhookPath = (id: string) => `/api/v1/webhooks/${encodeURIComponent(id)}`;
const deliveryPath = (id: string) => `/api/v1/deliveries/${encodeURIComponent(id)}`;

export function withQuery(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1]))).toString();
  return query ? `${path}?${query}` : path;
}

/** The endpoint's delivery log, newest first, a page per "Carregar mais"; every loaded page refreshes while `live`. */
export function useDeliveryLog(endpointId: string, filters: DeliveryLogFilters, live: boolean) {
  return useInfiniteQuery({
    queryKey: queryKeys.webhooks.deliveries(endpointId, filters),
    queryFn: ({ pageParam }) =>
      apiFetch<{ deliveries: DeliveryListItem[]; next_cursor: string | null }>(
        withQuery(`${webhookPath(endpointId)}/deliveries`, { ...filters, cursor: pageParam }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    refetchInterval: live ? LIVE_INTERVAL_MS : false,
    placeholderData: keepPreviousData,
  });
}

/** The webhook page's latest deliveries (one page, refreshed live), first drawn by the server. */
export function useRecentDeliveries(endpointId: string, initialData?: DeliveryListItem[]) {
  return useQuery({
    queryKey: queryKeys.webhooks.deliveries(endpointId, { limit: String(RECENT_DELIVERIES) }),
    queryFn: () =>
      apiFetch<{ deliveries: DeliveryListItem[] }>(
        withQuery(`${webhookPath(endpointId)}/deliveries`, { limit: String(RECENT_DELIVERIES) }),
      ).then((r) => r.deliveries),
    initialData,
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useDelivery(id: string, initialData?: DeliveryDetail) {
  return useQuery({
    queryKey: queryKeys.deliveries.detail(id),
    queryFn: () => apiFetch<{ delivery: DeliveryDetail }>(deliveryPath(id)).then((r) => r.delivery),
    initialData,
    refetchInterval: (query) => (query.state.data && isUnsettled(query.state.data.status) ? LIVE_INTERVAL_MS : false),
  });
}

const RESEND_WAIT_MS = 30_000;
const RESEND_POLL_MS = 400;

/**
 * "Reenviar": the resend is queued for the worker (202); the mutation then follows the delivery until
 * its new attempt is recorded (or RESEND_WAIT_MS pass: `attempt` is then undefined, still queued).
 */
export function useResendDelivery(id: string) {
  const client = useQueryClient();
  const fetchDelivery = () => apiFetch<{ delivery: DeliveryDetail }>(deliveryPath(id)).then((r) => r.delivery);
  return useMutation({
    mutationFn: async () => {
      const known = client.getQueryData<DeliveryDetail>(queryKeys.deliveries.detail(id)) ?? (await fetchDelivery());
      const before = known.attempts.length;
      let delivery = (await apiFetch<{ delivery: DeliveryDetail }>(`${deliveryPath(id)}/resend`, { method: "POST" })).delivery;
      for (const deadline = Date.now() + RESEND_WAIT_MS; delivery.attempts.length <= before && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, RESEND_POLL_MS));
        delivery = await fetchDelivery();
      }
      return { delivery, attempt: delivery.attempts.length > before ? delivery.attempts.at(-1) : undefined };
    },
    onSuccess: ({ delivery }) => {
      client.setQueryData(queryKeys.deliveries.detail(id), delivery);
      return Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.webhooks.deliveriesOf(delivery.endpoint_id) }),
        client.invalidateQueries({ queryKey: queryKeys.webhooks.health(delivery.endpoint_id) }),
        client.invalidateQueries({ queryKey: queryKeys.events.all() }),
      ]);
    },
  });
}

const HEALTH_INTERVAL_MS = 15_000;

export function useEndpointHealth(endpointId: string, initialData?: EndpointHealth) {
  return useQuery({
    queryKey: queryKeys.webhooks.health(endpointId),
    queryFn: () => apiFetch<EndpointHealth>(`${webhookPath(endpointId)}/health`),
    initialData,
    refetchInterval: HEALTH_INTERVAL_MS,
  });
}

/** "Recuperar falhas": a dry run counts first; the real run gives each matching delivery one more attempt. */
export function useRecoverFailures(endpointId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ since, until, statuses, dry_run }: RecoverRequest) =>
      apiFetch<RecoverResult>(`${webhookPath(endpointId)}/recover`, {
        method: "POST",
        body: { since: since.toISOString(), until: until?.toISOString(), statuses, dry_run },
      }),
    onSuccess: (result) =>
      result.dry_run ? undefined : client.invalidateQueries({ queryKey: queryKeys.webhooks.deliveriesOf(endpointId) }),
  });
}

/** Deliveries of the recovered window by status, polled until none is pending any more. */
export function useRecoveryProgress(endpointId: string, range: RecoverResult | undefined) {
  const client = useQueryClient();
  return useQuery({
    queryKey: queryKeys.webhooks.recovery(endpointId, { from: range?.since ?? "", to: range?.until ?? "" }),
    queryFn: async () => {
      const health = await apiFetch<EndpointHealth>(
        withQuery(`${webhookPath(endpointId)}/health`, { from: range!.since, to: range!.until }),
      );
      const byStatus = health.deliveries_by_status ?? {};
      if (!byStatus.pending) await client.invalidateQueries({ queryKey: queryKeys.webhooks.deliveriesOf(endpointId) });
      return byStatus;
    },
    enabled: Boolean(range?.count),
    refetchInterval: (query) => (query.state.data && !query.state.data.pending ? false : LIVE_INTERVAL_MS),
  });
}
