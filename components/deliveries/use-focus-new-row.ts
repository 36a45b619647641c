"use client";

import { useEffect, useRef, type RefObject } from "react";

/**
 * "Carregar mais" for keyboard and screen-reader users: once the next page arrives, focus moves to
 * the first link of the first new row, so reading continues where the old list ended.
 */
export function useFocusNewRow(container: RefObject<HTMLElement | null>, rowCount: number, fetchMore: () => Promise<unknown>) {
  const target = useRef<number | null>(null);
  useEffect(() => {
    if (target.current === null || rowCount <= target.current) return;
    const links = container.current?.querySelectorAll<HTMLElement>("[data-row-link]");
    links?.[target.current]?.focus();
    target.current = null;
  }, [container, rowCount]);
  return () => {
    target.current = rowCount;
    return fetchMore();
  };
}
