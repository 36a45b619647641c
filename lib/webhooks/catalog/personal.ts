// Personal data (LGPD) in event data: the fields the catalog's schemas mark `personal` (the
// recipient's CPF, e-mail, phone and address), found by walking the schemas, and the redaction an
// endpoint with "Ocultar dados pessoais" gets: every key of those names is removed wherever it
// appears (publishers send extra fields the schemas do not know of, under the same names or their
// Portuguese ones). Browser-safe: the form previews a redacted body.
import type { z } from "zod";
import { eventTypes } from "@/lib/webhooks/catalog/catalog";

type Schema = z.ZodType & { _zod: { def: Record<string, unknown> & { type: string } } };

/** The paths (`recipient.cpf`, `items[].x`) a schema marks personal. */
export function personalPaths(schema: z.ZodType, prefix = ""): string[] {
  const s = schema as Schema;
  if ((s.meta?.() as { personal?: boolean } | undefined)?.personal) return [prefix];
  const def = s._zod.def;
  switch (def.type) {
    case "object":
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, field]) =>
        personalPaths(field, prefix ? `${prefix}.${key}` : key),
      );
    case "optional":
    case "nullable":
    case "default":
    case "readonly":
    case "nonoptional":
      return personalPaths(def.innerType as z.ZodType, prefix);
    case "array":
      return personalPaths(def.element as z.ZodType, `${prefix}[]`);
    case "union":
      return [...new Set((def.options as z.ZodType[]).flatMap((option) => personalPaths(option, prefix)))];
    case "intersection":
      return [...personalPaths(def.left as z.ZodType, prefix), ...personalPaths(def.right as z.ZodType, prefix)];
    case "pipe":
      return personalPaths(def.in as z.ZodType, prefix);
    default:
      return [];
  }
}

/** Names personal fields also go by when publishers send them outside the schemas. */
const ALIASES = ["cpf", "email", "e_mail", "phone", "telefone", "fone", "celular", "address", "endereco", "endereço"];

/** Every key removed by redaction: the last segment of each personal path of `schemas`, and the aliases. */
export function personalKeys(schemas: z.ZodType[]): Set<string> {
  const fromSchemas = schemas.flatMap((schema) => personalPaths(schema)).map((path) => path.split(".").at(-1)!.replace("[]", ""));
  return new Set([...fromSchemas, ...ALIASES]);
}

/** `data` without any key in `keys`, at any depth (a copy; `data` is left as it is). */
export function redact(data: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(data)) return data.map((item) => redact(item, keys));
  if (typeof data !== "object" || data === null) return data;
  return Object.fromEntries(
    Object.entries(data)
      .filter(([key]) => !keys.has(key.toLowerCase()))
      .map(([key, value]) => [key, redact(value, keys)]),
  );
}

let catalogKeys: Set<string> | undefined;

/** The keys "Ocultar dados pessoais" removes: those every catalog schema marks personal, and the aliases. */
export function catalogPersonalKeys(): ReadonlySet<string> {
  return (catalogKeys ??= personalKeys(eventTypes.map((definition) => definition.schema)));
}
