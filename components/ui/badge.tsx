import type { ReactNode } from "react";

type Tone = "success" | "neutral" | "warning" | "danger";

const TONES: Record<Tone, string> = {
  success: "border-green-300 bg-green-50 text-green-900",
  neutral: "border-slate-300 bg-slate-100 text-slate-800",
  warning: "border-amber-300 bg-amber-50 text-amber-900",
  danger: "border-red-300 bg-red-50 text-red-900",
};

// A shape as well as a colour, so the tone never depends on colour alone.
const MARKS: Record<Tone, string> = { success: "●", neutral: "○", warning: "▲", danger: "■" };

export function Badge({ tone = "neutral", children }: { tone?: Tone; children: ReactNode }) {
  return (
    <span className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap ${TONES[tone]}`}>
      <span aria-hidden="true">{MARKS[tone]}</span>
      {children}
    </span>
  );
}
