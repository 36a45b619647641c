import type { Metadata } from "next";
import Link from "next/link";
import { eventTypeGroups, eventTypeJsonSchema, getEventType } from "@/lib/webhooks/catalog";
import { getLocale, getTranslator } from "@/lib/i18n/server";

const BODY = '{"type", "timestamp", "data"}';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator();
  return { title: `${t("docs.catalog.title")} · ${t("common.appName")}` };
}

/** /docs/events: every event type a receiver can get, with its description in both languages (the reader's first), schema and example. */
export default async function EventCatalogPage() {
  const [t, locale] = await Promise.all([getTranslator(), getLocale()]);
  const other = locale === "en" ? "pt-BR" : "en";
  return (
    <div className="mx-auto max-w-5xl px-4 py-8">
      <p className="text-sm">
        <Link className="underline" href="/docs">
          {t("docs.catalog.back")}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">{t("docs.catalog.title")}</h1>
      <p className="mt-2 text-slate-700">{t.rich("docs.catalog.intro", { code: (chunks) => <code>{chunks}</code>, body: BODY })}</p>
      {eventTypeGroups.map((group) => (
        <section key={group.id} aria-labelledby={`group-${group.id}`} className="mt-8">
          <h2 id={`group-${group.id}`} className="text-xl font-semibold text-slate-900">
            {group.label[locale]}{" "}
            <span className="text-base font-normal text-slate-500" lang={other}>
              · {group.label[other]}
            </span>
          </h2>
          {group.eventTypes.map((name) => {
            const type = getEventType(name)!;
            return (
              <article key={name} id={name} aria-labelledby={`type-${name}`} className="mt-4 rounded border border-slate-200 bg-white p-4">
                <h3 id={`type-${name}`} className="font-mono text-base font-semibold text-slate-900">
                  {name}
                </h3>
                <p className="mt-1 text-slate-800">{type.description[locale]}</p>
                <p className="text-sm text-slate-500" lang={other}>
                  {type.description[other]}
                </p>
                <details className="mt-2">
                  <summary className="cursor-pointer text-sm text-slate-700">{t("docs.catalog.example")}</summary>
                  <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(type.example, null, 2)}</pre>
                </details>
                <details className="mt-2">
                  <summary className="cursor-pointer text-sm text-slate-700">{t("docs.catalog.schema")}</summary>
                  <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 text-xs">
                    {JSON.stringify(eventTypeJsonSchema(type), null, 2)}
                  </pre>
                </details>
              </article>
            );
          })}
        </section>
      ))}
    </div>
  );
}
