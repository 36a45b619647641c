// Lengths of time as the timeline and the retry schedule show them: "5 s", "5 min", "2 h 30 min",
// "3 d 2 h" — at most two units, days only from two days on ("24 h", as the presets read), numbers in the reader's locale ("1,5 s" in pt-BR, "1.5 s" in English).

const UNITS = [
  { unit: "d", seconds: 86_400 },
  { unit: "h", seconds: 3_600 },
  { unit: "min", seconds: 60 },
  { unit: "s", seconds: 1 },
] as const;

/** "850 ms" under a second, "1,5 s" under ten, then whole units: "5 s", "5 min", "2 h 30 min", "24 h", "3 d 2 h". */
export function formatWait(seconds: number, locale: string): string {
  const number = (n: number, digits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
  if (seconds < 1) return `${number(Math.round(seconds * 1000))} ms`;
  if (seconds < 10) return `${number(Math.round(seconds * 10) / 10, 1)} s`;
  let rest = Math.round(seconds);
  const parts: string[] = [];
  for (const { unit, seconds: size } of UNITS) {
    if (parts.length === 2) break;
    if (unit === "d" && rest < 2 * size) continue;
    const count = Math.floor(rest / size);
    // the second unit only right after the first: "3 d 2 h", never "3 d 0 h 5 min"
    if (parts.length === 1 && count === 0) break;
    if (count === 0) continue;
    parts.push(`${number(count)} ${unit}`);
    rest -= count * size;
  }
  return parts.join(" ");
}

/** "+5 s", "+5 min": how long after the previous attempt one started. */
export function formatGap(fromIso: string, toIso: string, locale: string): string {
  return `+${formatWait(Math.max(0, Date.parse(toIso) - Date.parse(fromIso)) / 1000, locale)}`;
}
