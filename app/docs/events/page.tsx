import type { Metadata } from "next";
import Link from "next/link";
import { eventTypeGroups, eventTypeJsonSchema, getEventType } from "@/lib/webhooks/catalog";

export const metadata: Metadata = { title: "Catálogo de eventos · NF-e Webhooks" };

/** /docs/events: every event type a receiver can get, with its description (pt-BR and English), schema and example. */
export default function EventCatalogPage() {
  return (
    <div className="mx-auto max-w-5xl px-4 py-8">
      <p className="text-sm">
        <Link className="underline" href="/docs">
          ← Referência da API
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Catálogo de eventos</h1>
      <p className="mt-2 text-slate-700">
        Cada requisição tem o corpo <code>{'{"type", "timestamp", "data"}'}</code> (formato padrão) e os cabeçalhos Standard Webhooks{" "}
        <code>webhook-id</code>, <code>webhook-timestamp</code> e <code>webhook-signature</code>.
      </p>
      {eventTypeGroups.map((group) => (
        <section key={group.id} aria-labelledby={`group-${group.id}`} className="mt-8">
          <h2 id={`group-${group.id}`} className="text-xl font-semibold text-slate-900">
            {group.label["pt-BR"]} <span className="text-base font-normal text-slate-500">· {group.label.en}</span>
          </h2>
          {group.eventTypes.map((name) => {
            const type = getEventType(name)!;
            return (
              <article key={name} id={name} aria-labelledby={`type-${name}`} className="mt-4 rounded border border-slate-200 bg-white p-4">
                <h3 id={`type-${name}`} className="font-mono text-base font-semibold text-slate-900">
                  {name}
                </h3>
                <p className="mt-1 text-slate-800">{type.description["pt-BR"]}</p>
                <p className="text-sm text-slate-500" lang="en">
                  {type.description.en}
                </p>
                <details className="mt-2">
                  <summary className="cursor-pointer text-sm text-slate-700">Exemplo de data</summary>
                  <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(type.example, null, 2)}</pre>
                </details>
                <details className="mt-2">
                  <summary className="cursor-pointer text-sm text-slate-700">Schema (JSON Schema)</summary>
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
