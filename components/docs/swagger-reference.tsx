"use client";

import { useEffect, useRef } from "react";

declare global {
  interface Window {
    SwaggerUIBundle?: (options: Record<string, unknown>) => unknown;
  }
}

const BUNDLE = "/docs/assets/swagger-ui-bundle.js";

/**
 * The API reference drawn by Swagger UI from `specUrl`. Its bundle is served by the app (app/docs/
 * assets) and loaded on mount (a script the page's own scripts add is allowed by the nonce CSP's
 * 'strict-dynamic'), so it draws after a client-side navigation too.
 */
export function SwaggerReference({ specUrl }: { specUrl: string }) {
  const target = useRef<HTMLDivElement>(null);
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
