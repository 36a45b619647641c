"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/queries/fetcher";
import { queryKeys } from "@/lib/queries/keys";
import type { CreateTokenInput } from "@/lib/auth/schemas";
import type { Environment } from "@/lib/webhooks/environments";

export type TokenScopeName = "publish" | "read" | "admin";

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  scope: TokenScopeName;
  /** the only environment it publishes in and lists; null: both */
  environment: Environment | null;
  last_used_at: string | null;
  created_at: string;
}

export function useTokens() {
  return useQuery({
    queryKey: queryKeys.tokens(),
    queryFn: () => apiFetch<{ tokens: ApiTokenView[] }>("/api/v1/tokens").then((r) => r.tokens),
  });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTokenInput) =>
      apiFetch<{ token: ApiTokenView; secret: string }>("/api/v1/tokens", { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.tokens() }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/v1/tokens/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.tokens() }),
  });
}
