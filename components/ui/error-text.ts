"use client";

import { useTranslations } from "use-intl";
import { ApiRequestError } from "@/lib/queries/fetcher";

/**
 * Problems arrive as codes (lib/validation.ts FIELD_ERRORS, lib/errors.ts ERROR_CODES), from the
 * shared zod schemas in the browser or from the API's `field_codes` and `code`; the person reads them
 * in their language. Text that is not a code (a detail only the API worded) is shown as it is.
 */
export function useErrorText() {
  const t = useTranslations("errors");
  const text = (codeOrMessage: string | undefined): string | undefined => {
    if (!codeOrMessage) return undefined;
    return t.has(codeOrMessage as never) ? t(codeOrMessage as never) : codeOrMessage;
  };
  /** What went wrong with a whole request, in words. */
  const ofRequest = (error: unknown, fallback: string): string =>
    error instanceof ApiRequestError && error.code && error.code !== "invalid" ? (text(error.code) ?? fallback) : fallback;
  return Object.assign(text, { ofRequest });
}
