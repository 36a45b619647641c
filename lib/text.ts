// Text from outside (a receiver's body and headers, an error message) as PostgreSQL stores it: text
// and jsonb refuse NUL, and JSON cannot carry lone UTF-16 surrogates. Both become U+FFFD.

export function storableText(text: string): string {
  return text.replaceAll("\u0000", "\uFFFD").toWellFormed();
}

export function storableHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [storableText(name), storableText(value)]));
}
