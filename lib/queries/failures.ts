"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/queries/fetcher";
import { queryKeys } from "@/lib/queries/keys";
import { LIVE_INTERVAL_MS, withQuery } from "@/lib/queries/deliveries";
import { MAX_BULK_RESEND } from "@/lib/webhooks/engine/schemas";
import type { BulkResendResult } from "@/lib/webhooks/engine/resend";
import type { listFailures } from "@/lib/webhooks/log/deliveries";

export type FailureListItem = Awaited<ReturnType<typeof listFailures>>["deliveries"][number];
export type { BulkResendResult };

export interface BulkResendSummary {
  queued: number;
  refused: number;
  not_found: number;
  results: BulkResendResult[];
}

/** "Falhas": status, endpoint_id, event_type, q, from, to, environment; newest first, live while `live`. */
export function useFailures(filters: Record<string, string>, live: boolean) {
  return useInfiniteQuery({
    queryKey: queryKeys.deliveries.failures(filters),
    queryFn: ({ pageParam }) =>
      apiFetch<{ deliveries: FailureListItem[]; next_cursor: string | null }>(
        withQuery("/api/v1/deliveries", { ...filters, cursor: pageParam }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    refetchInterval: live ? LIVE_INTERVAL_MS : false,
    placeholderData: keepPreviousData,
  });
}

/** "Reenviar selecionadas": a new attempt for each, MAX_BULK_RESEND to a request; the answers added up. */
export function useResendDeliveries() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (ids: string[]) => {
      const total: BulkResendSummary = { queued: 0, refused: 0, not_found: 0, results: [] };
      for (let start = 0; start < ids.length; start += MAX_BULK_RESEND) {
        const part = await apiFetch<BulkResendSummary>("/api/v1/deliveries/resend", {
          method: "POST",
          body: { ids: ids.slice(start, start + MAX_BULK_RESEND) },
        });
        total.queued += part.queued;
        total.refused += part.refused;
        total.not_found += part.not_found;
        total.results.push(...part.results);
      }
      return total;
    },
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.deliveries.allFailures() }),
        client.invalidateQueries({ queryKey: queryKeys.webhooks.all() }),
        client.invalidateQueries({ queryKey: queryKeys.events.all() }),
      ]),
  });
}
