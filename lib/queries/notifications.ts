"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/queries/fetcher";
import { queryKeys } from "@/lib/queries/keys";
import { withQuery } from "@/lib/queries/deliveries";
import type { AlertKind } from "@/lib/alerts/kinds";

export interface NotificationItem {
  id: string;
  kind: string;
  channel: "email" | "chat";
  to: string;
  subject: string;
  text: string;
  status: "queued" | "sent" | "failed" | "unsent";
  error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface Preferences {
  locale: "pt-BR" | "en";
  email: Record<AlertKind, boolean>;
}

/** What was sent, newest first; refreshes while something is still queued. */
export function useNotifications() {
  return useInfiniteQuery({
    queryKey: queryKeys.notifications.list(),
    queryFn: ({ pageParam }) =>
      apiFetch<{ notifications: NotificationItem[]; next_cursor: string | null }>(
        withQuery("/api/v1/notifications", { cursor: pageParam }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.notifications.some((n) => n.status === "queued")) ? 2_000 : false,
  });
}

export function usePreferences() {
  return useQuery({
    queryKey: queryKeys.notifications.preferences(),
    queryFn: () => apiFetch<{ preferences: Preferences }>("/api/v1/me/notification-preferences").then((r) => r.preferences),
  });
}

export function useSavePreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<Preferences>) =>
      apiFetch<{ preferences: Preferences }>("/api/v1/me/notification-preferences", { method: "PUT", body: input }).then(
        (r) => r.preferences,
      ),
    onSuccess: (preferences) => client.setQueryData(queryKeys.notifications.preferences(), preferences),
  });
}

export function useChatWebhook() {
  return useQuery({
    queryKey: queryKeys.notifications.chat(),
    queryFn: () => apiFetch<{ chat_webhook: { host: string | null } }>("/api/v1/notifications/chat-webhook").then((r) => r.chat_webhook),
  });
}

export function useSaveChatWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (url: string | null) =>
      apiFetch<{ chat_webhook: { host: string | null } }>("/api/v1/notifications/chat-webhook", {
        method: url ? "PUT" : "DELETE",
        body: url ? { url } : undefined,
      }).then((r) => r.chat_webhook),
    onSuccess: (chat) => client.setQueryData(queryKeys.notifications.chat(), chat),
  });
}

export function useTestChatWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (locale: string) => apiFetch<unknown>("/api/v1/notifications/chat-webhook/test", { method: "POST", body: { locale } }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.notifications.list() }),
  });
}
