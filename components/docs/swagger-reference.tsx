"use client";

import { useEffect, useRef } from "react";

declare global {
  interface Window {
    SwaggerUIBundle?: (options: Record<string, unknown>) => unknown;
  }
}

const BUNDLE = "/docs/assets/swagger-ui-bundle.js";

/**
 * Fits what Swagger UI draws into the page's outline: its operations' own <main> is a plain group
 * inside the page's main, and its "Schemas" heading (an h4 that follows the h2 "Webhooks") is level 3.
 */
function fitIntoPage(root: HTMLElement) {
  for (const main of root.querySelectorAll("main:not([role])")) main.setAttribute("role", "group");
  for (const heading of root.querySelectorAll(".models > h4:not([aria-level])")) heading.setAttribute("aria-level", "3");
}

/**
 * The API reference drawn by Swagger UI from `specUrl`. Its bundle is served by the app (app/docs/
 * assets) and loaded on mount (a script the page's own scripts add is allowed by the nonce CSP's
 * 'strict-dynamic'), so it draws after a client-side navigation too.
 */
export function SwaggerReference({ specUrl }: { specUrl: string }) {
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = target.current;
    if (!root) return;
    const observer = new MutationObserver(() => fitIntoPage(root));
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    let cancelled = false;
    const draw = () => {
      if (cancelled || !target.current || !window.SwaggerUIBundle) return;
      window.SwaggerUIBundle({ url: specUrl, domNode: target.current, defaultModelsExpandDepth: 0, tryItOutEnabled: false });
    };
    if (window.SwaggerUIBundle) draw();
    else {
      let script = document.querySelector<HTMLScriptElement>(`script[src="${BUNDLE}"]`);
      if (!script) {
        script = document.createElement("script");
        script.src = BUNDLE;
        script.async = true;
        document.body.appendChild(script);
      }
      script.addEventListener("load", draw);
    }
    return () => {
      cancelled = true;
    };
  }, [specUrl]);
  return <div ref={target} />;
}
