"use client";

import { useId, type ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";

/** A labelled, scrollable (and keyboard-scrollable) block of code with an optional copy button. */
export function CodeBlock({ label, text, copyLabel, note }: { label: string; text: string; copyLabel?: string; note?: ReactNode }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span id={id} className="text-sm font-medium text-slate-800">
          {label}
        </span>
        {copyLabel && <CopyButton value={text} label={copyLabel} />}
      </div>
      {note && <p className="text-xs text-slate-600">{note}</p>}
      <pre
        tabIndex={0}
        aria-labelledby={id}
        className="max-h-96 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs whitespace-pre-wrap break-all text-slate-100"
      >
        {text}
      </pre>
    </div>
  );
}

/** Header names and values; the names are row headers so each value is read with its name. */
export function HeadersTable({ caption, headers }: { caption: string; headers: Record<string, string> }) {
  const entries = Object.entries(headers);
  return (
    <table className="w-full text-left font-mono text-xs">
      <caption className="pb-1 text-left font-sans text-sm font-medium text-slate-800">{caption}</caption>
      <tbody>
        {entries.map(([name, value]) => (
          <tr key={name} className="border-b border-slate-100 last:border-0">
            <th scope="row" className="w-1 py-1 pr-4 align-top font-medium whitespace-nowrap">
              {name}
            </th>
            <td className="py-1 break-all">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
