import type { ReactNode, Ref } from "react";

type Tone = "error" | "success" | "warning" | "info";

const TONES: Record<Tone, string> = {
  error: "border-red-300 bg-red-50 text-red-900",
  success: "border-green-300 bg-green-50 text-green-900",
  warning: "border-amber-300 bg-amber-50 text-amber-900",
  info: "border-blue-300 bg-blue-50 text-blue-900",
};

/** `ref`: given, the alert can take focus (tabIndex -1), for a form that moves focus to what went wrong. */
export function Alert({ tone = "info", children, ref }: { tone?: Tone; children: ReactNode; ref?: Ref<HTMLDivElement> }) {
  return (
    <div
      ref={ref}
      tabIndex={ref ? -1 : undefined}
      role={tone === "error" ? "alert" : "status"}
      className={`rounded-md border px-3 py-2 text-sm ${TONES[tone]}`}
    >
      {children}
    </div>
  );
}
