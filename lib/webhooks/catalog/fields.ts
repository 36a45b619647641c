// Field schemas shared by the event `data` schemas. Identifiers are checked for format only: event data
// carries whatever the document has (check digits are enforced where a user types a CNPJ, in lib/cnpj.ts).
import { z } from "zod";
import { ACCESS_KEY_PATTERN, CNPJ_PATTERN } from "@/lib/cnpj";
import { issue, type FieldErrorCode } from "@/lib/validation";

export const cnpj = z
  .string()
  .regex(CNPJ_PATTERN, issue("cnpj.format"))
  .meta({ description: "CNPJ, 14 characters without punctuation (format only)" });

export const cpf = z.string().regex(/^\d{11}$/, issue("cpf.format"));

export const accessKey = z
  .string()
  .regex(ACCESS_KEY_PATTERN, issue("access_key.invalid"))
  .meta({ description: "Chave de acesso (access key), 44 digits (format only)" });

/** A code as a digit string or an integer in [min, max]; any problem with it is worded by `code`. */
function numericCode(pattern: RegExp, min: number, max: number, code: FieldErrorCode) {
  const error = issue(code);
  return z.union([z.string().regex(pattern, error), z.number().int(error).min(min, error).max(max, error)], {
    error: (problem) => (problem.input === undefined ? issue("blank") : error),
  });
}

/** A number that publishers send either as a digit string ("001") or as an integer (1). */
export function digits(maxLength: number, code: FieldErrorCode) {
  return numericCode(new RegExp(`^\\d{1,${maxLength}}$`), 0, 10 ** maxLength - 1, code);
}

export const series = digits(3, "series.format").meta({ description: "Série (0–999), digit string or integer" });
export const invoiceNumber = digits(9, "invoice_number.format").meta({ description: "Número da nota (nNF), digit string or integer" });

/** SEFAZ answer code (cStat), e.g. "100". */
export const sefazCode = numericCode(/^\d{3}$/, 100, 999, "sefaz_code.format");

/** SEFAZ protocol number (nProt): 15 digits. */
export const sefazProtocol = z.string().regex(/^\d{15}$/, issue("sefaz_protocol.format"));

export const dateTime = z.iso.datetime({ offset: true, error: issue("date") });

export const money = z.union([z.string().regex(/^-?\d+(\.\d+)?$/, issue("money.format")), z.number()], {
  error: (problem) => (problem.input === undefined ? issue("blank") : issue("money.format")),
});

/** IBGE state code, e.g. "35" for São Paulo. */
export const ibgeState = numericCode(/^\d{2}$/, 11, 53, "ibge_state.format");

/** IBGE municipality code, e.g. "3550308" for São Paulo. */
export const ibgeCity = numericCode(/^\d{7}$/, 1000000, 9999999, "ibge_city.format");

export const errorList = z
  .array(z.union([z.string().min(1), z.looseObject({ code: z.union([z.string(), z.number()]), message: z.string().min(1) })]))
  .min(1)
  .meta({ description: 'Errors: "215 - Rejeição: Falha no schema XML" or {code, message}' });

/** Marks a field as personal data (LGPD): "Ocultar dados pessoais" and the thin format leave it out. */
export const personal = <T extends z.ZodType>(schema: T, description: string) => schema.meta({ personal: true, description });

const address = z.union([
  z.string(),
  z.looseObject({
    street: z.string().optional(),
    number: z.string().optional(),
    complement: z.string().optional(),
    district: z.string().optional(),
    postal_code: z.string().optional(),
  }),
]);

export const party = z.looseObject({
  cnpj: cnpj.optional(),
  cpf: personal(cpf, "CPF of a person (personal data)").optional(),
  name: z.string().optional(),
  email: personal(z.string(), "E-mail (personal data)").optional(),
  phone: personal(z.string(), "Phone number (personal data)").optional(),
  address: personal(address, "Street address (personal data)").optional(),
  uf: z.string().optional(),
  city: z.string().optional(),
});

export const totals = z.record(z.string(), money);

export const item = z.looseObject({
  n: z.number().int().positive().optional(),
  code: z.string().optional(),
  description: z.string().optional(),
  ncm: z
    .string()
    .regex(/^\d{8}$/, issue("ncm.format"))
    .optional(),
  cfop: z
    .string()
    .regex(/^\d{4}$/, issue("cfop.format"))
    .optional(),
  qty: money.optional(),
  unit_price: money.optional(),
  total: money.optional(),
});

export const documentType = z.enum(["nfe", "nfce", "nfse"]);

/** Links the dashboard may render: http(s) only, never `javascript:` or `data:`. */
export const httpUrl = z.url({ protocol: /^https?$/, error: issue("url.scheme") });
