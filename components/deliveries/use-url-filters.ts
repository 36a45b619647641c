"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";

/**
 * Filters kept in the page's query string (shareable links, survive a reload). `filters` holds only
 * the non-empty ones, ready for a query key and the API call.
 */
export function useUrlFilters<K extends string>(names: readonly K[]) {
  const params = useSearchParams();
  const pathname = usePathname();
  const query = params.toString();
  const values = useMemo(() => {
    const current = new URLSearchParams(query);
    return Object.fromEntries(names.map((name) => [name, current.get(name) ?? ""])) as Record<K, string>;
  }, [names, query]);
  const filters = useMemo(() => Object.fromEntries(Object.entries<string>(values).filter(([, value]) => value)), [values]);

  function update(patch: Partial<Record<K, string>>) {
    const next = new URLSearchParams(query);
    for (const [name, value] of Object.entries<string | undefined>(patch)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    const search = next.toString();
    // The native history API updates useSearchParams without a server round trip (Next.js router integration).
    window.history.replaceState(null, "", search ? `${pathname}?${search}` : pathname);
  }

  const clear = () => update(Object.fromEntries(names.map((name) => [name, ""])) as Partial<Record<K, string>>);
  return { values, filters, update, clear, active: Object.keys(filters).length > 0 };
}

/** Local state for a filter control that follows `value` whenever it changes from outside (clear, back). */
export function useDraft<T>(value: T, fromValue: (value: T) => T = (v) => v) {
  const [draft, setDraft] = useState(() => fromValue(value));
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setDraft(fromValue(value));
  }
  return [draft, setDraft] as const;
}
