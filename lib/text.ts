// Text from outside (a receiver's body and headers, an error message) as PostgreSQL stores it: text
// and jsonb refuse NUL, and JSON cannot carry lone UTF-16 surrogates. Both become U+FFFD.

export function storableText(text: string): string {
  // the same string when there is nothing to replace (the usual case: no copy per header and body)
  const withoutNul = text.includes("\u0000") ? text.replaceAll("\u0000", "\uFFFD") : text;
  return withoutNul.isWellFormed() ? withoutNul : withoutNul.toWellFormed();
}
