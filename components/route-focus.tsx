"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

const WAIT_FOR_HEADING_MS = 5_000;

/** Focuses the page's main heading, unless the page already put focus somewhere in it. True when settled. */
function focusHeading(main: HTMLElement): boolean {
  const active = document.activeElement;
  if (active && active !== document.body && main.contains(active)) return true;
  const heading = main.querySelector<HTMLElement>("h1");
  if (!heading) return false;
  if (!heading.hasAttribute("tabindex")) heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
  return true;
}

/**
 * After a client-side navigation, focus moves to the new page's heading (h1), so a keyboard or screen
 * reader user starts on the page they opened instead of on <body>. The first load is left to the
 * browser; a page that focuses something itself (a notice, a field) keeps it.
 */
export function RouteFocus() {
  const pathname = usePathname();
  const shown = useRef(pathname);
  useEffect(() => {
    if (shown.current === pathname) return;
    shown.current = pathname;
    const main = document.getElementById("main");
    if (!main || focusHeading(main)) return;
    // a heading rendered once the page's data has arrived
    const observer = new MutationObserver(() => {
      if (focusHeading(main)) observer.disconnect();
    });
    observer.observe(main, { childList: true, subtree: true });
    const giveUp = setTimeout(() => observer.disconnect(), WAIT_FOR_HEADING_MS);
    return () => {
      observer.disconnect();
      clearTimeout(giveUp);
    };
  }, [pathname]);
  return null;
}
