"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, readJson, requestError } from "@/lib/queries/fetcher";
import { queryKeys } from "@/lib/queries/keys";
import { isUnsettled, LIVE_INTERVAL_MS, withQuery } from "@/lib/queries/deliveries";
import type { getEvent, listEvents } from "@/lib/webhooks/log/events";
import type { PublishInput, PublishResult } from "@/lib/webhooks/engine/publish";

export type EventListItem = Awaited<ReturnType<typeof listEvents>>["events"][number];
export type EventDetail = Awaited<ReturnType<typeof getEvent>>["event"];
export type EventDelivery = EventListItem["deliveries"][number];
export type PublishedEvent = PublishResult;

/** type and q, as they appear in the page URL, empty ones left out. */
export type EventFilters = Record<string, string>;

const eventPath = (id: string) => `/api/v1/events/${encodeURIComponent(id)}`;
const anyUnsettled = (deliveries: EventDelivery[]) => deliveries.some((d) => isUnsettled(d.status));

export function useEvents(filters: EventFilters, live: boolean) {
  return useInfiniteQuery({
    queryKey: queryKeys.events.list(filters),
    queryFn: ({ pageParam }) =>
      apiFetch<{ events: EventListItem[]; next_cursor: string | null }>(withQuery("/api/v1/events", { ...filters, cursor: pageParam })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    refetchInterval: live ? LIVE_INTERVAL_MS : false,
    placeholderData: keepPreviousData,
  });
}

/** One event with its deliveries; refreshes while any of them is still pending or retrying. */
export function useEvent(id: string | undefined, initialData?: EventDetail) {
  return useQuery({
    queryKey: queryKeys.events.detail(id ?? ""),
    queryFn: () => apiFetch<{ event: EventDetail }>(eventPath(id!)).then((r) => r.event),
    enabled: Boolean(id),
    initialData,
    refetchInterval: (query) => (query.state.data && anyUnsettled(query.state.data.deliveries) ? LIVE_INTERVAL_MS : false),
  });
}

/** "Reenviar este evento": a new attempt to every webhook that got it (and still exists). */
export function useResendEvent(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ event: EventDetail }>(`${eventPath(id)}/resend`, { method: "POST" }).then((r) => r.event),
    onSuccess: (event) => {
      client.setQueryData(queryKeys.events.detail(id), event);
      return Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.events.all() }),
        ...event.deliveries.map((d) => client.invalidateQueries({ queryKey: queryKeys.deliveries.detail(d.id) })),
        ...event.deliveries.map((d) => client.invalidateQueries({ queryKey: queryKeys.webhooks.deliveriesOf(d.endpoint_id) })),
      ]);
    },
  });
}

// The status code is part of the answer (202 created, 200 already published), which apiFetch does not keep.
async function publish(input: PublishInput): Promise<PublishedEvent> {
  const response = await fetch("/api/v1/events", {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify(input),
    credentials: "same-origin",
  });
  const payload = await readJson(response);
  if (!response.ok) throw requestError(response, payload);
  return { ...(payload as unknown as PublishedEvent), created: response.status === 202 };
}

/** The simulator's "Publicar": `created` is false when this idempotency id was already used (nothing new). */
export function usePublishEvent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: publish,
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.events.all() }),
  });
}
