"use client";

import { useTranslations } from "use-intl";

// Validation messages come from the shared zod schemas and the API in English; the person using
// the dashboard reads them in their language. Unknown messages are shown as they are.
const KNOWN: [RegExp, string][] = [
  [/^can't be blank$/, "blank"],
  [/^(is too long|URL is longer than)/, "tooLong"],
  [/^(must be an http|only http and https)/, "urlScheme"],
  [/^(not a valid URL|URL has no host)/, "urlInvalid"],
  [/^URL must not contain a user name/, "urlUserinfo"],
  [/could not be resolved/, "dns"],
  [/^\S+ (is|resolves to \S+,) an? [\w -]+ address$/, "blocked"],
  [/^the test request|^could not connect|^TLS failed|^the host name/, "pingFailed"],
  [/^CNPJ inválido/, "cnpjInvalid"],
  [/^unknown event type/, "unknownEventType"],
  [/^header_name_required$/, "headerNameRequired"],
  [/is set by the webhook sender/, "headerReserved"],
  [/^header name .* is not a valid token/, "headerNameInvalid"],
  [/^header name .* is longer than/, "headerNameTooLong"],
  [/^value of header .* is longer than/, "headerValueTooLong"],
  [/^value of header .* line breaks/, "headerValueLineBreak"],
  [/^value of header .* characters not allowed/, "headerValueInvalid"],
  [/^header .* is repeated/, "headerRepeated"],
  [/^at most \d+ headers/, "headerTooMany"],
  [/^no_events_chosen$/, "noEventsChosen"],
  [/^cnpj_repeated$/, "cnpjRepeated"],
];

export function useErrorText() {
  const t = useTranslations("webhooks.errors");
  return (message: string | undefined): string | undefined => {
    if (!message) return undefined;
    const known = KNOWN.find(([pattern]) => pattern.test(message));
    // replaced by error codes
    return known ? t(known[1] as Parameters<typeof t>[0], { detail: message }) : message;
  };
}
