import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { SwaggerReference } from "@/components/docs/swagger-reference";
import { getTranslator } from "@/lib/i18n/server";

const SECTIONS = ["auth", "errors", "pagination", "idempotency", "limits"] as const;
const ERROR_SHAPE = '{"errors": …, "code": "…"}';
const code = (chunks: ReactNode) => <code>{chunks}</code>;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator();
  return { title: `${t("docs.title")} · ${t("common.appName")}` };
}

/** /docs: an introduction in the reader's language, the event catalog, and the API reference rendered from the OpenAPI document. */
export default async function DocsPage() {
  const t = await getTranslator();
  return (
    <div className="mx-auto max-w-5xl px-4 py-8">
      <h1 className="text-2xl font-semibold text-slate-900">{t("docs.title")}</h1>
      <p className="mt-2 text-slate-700">
        {t.rich("docs.intro", {
          openapi: (chunks) => (
            <a className="underline" href="/api/v1/openapi.json">
              {chunks}
            </a>
          ),
          catalog: (chunks) => (
            <Link className="underline" href="/docs/events">
              {chunks}
            </Link>
          ),
        })}
      </p>
      <div className="mt-6 grid gap-4 sm:grid-cols-2">
        {SECTIONS.map((section) => (
          <section key={section} aria-labelledby={`intro-${section}`} className="rounded border border-slate-200 bg-white p-4">
            <h2 id={`intro-${section}`} className="font-semibold text-slate-900">
              {t(`docs.sections.${section}.title`)}
            </h2>
            <p className="mt-1 text-sm text-slate-700">{t.rich(`docs.sections.${section}.body`, { code, shape: ERROR_SHAPE })}</p>
          </section>
        ))}
      </div>
      {/* eslint-disable-next-line @next/next/no-css-tags -- Swagger UI's own stylesheet, served by this app (app/docs/assets) */}
      <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
      <section aria-label={t("docs.operations")} className="mt-8 rounded border border-slate-200 bg-white">
        {/* the OpenAPI document and Swagger UI speak English */}
        <div lang="en">
          <SwaggerReference specUrl="/api/v1/openapi.json" />
        </div>
      </section>
    </div>
  );
}
