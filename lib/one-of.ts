/** Whether `value` is one of `values`, narrowed to their type (to build a typed translation key, say). */
export function isOneOf<T extends string>(values: readonly T[], value: string | null | undefined): value is T {
  return values.some((known) => known === value);
}
