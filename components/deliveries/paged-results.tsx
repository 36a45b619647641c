"use client";

import { useRef, type ReactNode } from "react";
import { useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useFocusNewRow } from "@/components/deliveries/use-focus-new-row";

/** What PagedResults needs from a TanStack infinite query. */
interface PagedQuery {
  data?: unknown;
  isPending: boolean;
  isError: boolean;
  isPlaceholderData: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
  refetch: () => Promise<unknown>;
}

interface PagedResultsProps {
  query: PagedQuery;
  count: number;
  /** "25 entregas exibidas", announced politely when it changes */
  summary: string;
  loadError: string;
  empty: ReactNode;
  /** beside the summary (the live toggle, a selection's actions) */
  aside?: ReactNode;
  /** the table; its rows mark their main link with `data-row-link` */
  children: ReactNode;
}

/** Loading, error, empty and "Carregar mais" around a live, keyset-paged table. */
export function PagedResults({ query, count, summary, loadError, empty, aside, children }: PagedResultsProps) {
  const t = useTranslations("deliveries.log");
  const common = useTranslations("common");
  const table = useRef<HTMLDivElement>(null);
  const loadMore = useFocusNewRow(table, count, query.fetchNextPage);
  const failedFirst = query.isError && !query.data;
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
        <p aria-live="polite" className="text-sm text-slate-600">
          {query.isPending ? common("loading") : failedFirst ? "" : summary}
          {query.isPlaceholderData && ` ${t("updating")}`}
        </p>
        {aside}
      </div>
      {query.isError && (
        <div className="flex flex-wrap items-center gap-3">
          <Alert tone="error">{failedFirst ? loadError : t("refreshError")}</Alert>
          <Button variant="secondary" onClick={() => query.refetch()}>
            {common("retry")}
          </Button>
        </div>
      )}
      {query.isPending || failedFirst ? null : count ? (
        <div ref={table}>{children}</div>
      ) : (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">{empty}</p>
      )}
      {query.hasNextPage && (
        <div className="flex items-center gap-3">
          <Button
            variant="secondary"
            aria-disabled={query.isFetchingNextPage || undefined}
            onClick={() => !query.isFetchingNextPage && loadMore()}
          >
            {t("loadMore")}
          </Button>
          {query.isFetchingNextPage && <span className="text-sm text-slate-600">{common("loading")}</span>}
        </div>
      )}
    </>
  );
}
