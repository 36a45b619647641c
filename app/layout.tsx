import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "./providers";
import { getLocale } from "@/lib/i18n/server";
import { messagesFor } from "@/lib/i18n/messages";
import { SiteHeader } from "@/components/site-header";
import { RouteFocus } from "@/components/route-focus";
import { currentUser } from "@/lib/auth/session";
import { isEmbeddedRequest, portalBrand } from "@/lib/portal/brand";

export const metadata: Metadata = { title: "NF-e Webhooks", description: "Webhooks de NF-e, NFC-e e NFS-e" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, user, embedded] = await Promise.all([getLocale(), currentUser(), isEmbeddedRequest()]);
  const messages = messagesFor(locale);
  // portal mode (platform): the integrator's brand; embedded, without this app's header
  const brand = user?.portal || embedded ? portalBrand() : null;
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased" style={brand?.style} data-embedded={embedded || undefined}>
        <Providers locale={locale} messages={messages}>
          <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
            {messages.common.skipToContent}
          </a>
          {!embedded && <SiteHeader brand={brand} />}
          <main id="main" className={embedded ? "px-3 py-3" : "mx-auto max-w-5xl px-4 py-8"}>
            {children}
          </main>
          <RouteFocus />
        </Providers>
      </body>
    </html>
  );
}
