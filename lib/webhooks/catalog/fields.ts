// Field schemas shared by the event `data` schemas. Identifiers are checked for format only: event data
// carries whatever the document has (check digits are enforced where a user types a CNPJ, in lib/cnpj.ts).
import { z } from "zod";
import { ACCESS_KEY_PATTERN, CNPJ_PATTERN } from "@/lib/cnpj";

export const cnpj = z.string().regex(CNPJ_PATTERN).meta({ description: "CNPJ, 14 characters without punctuation (format only)" });

export const cpf = z.string().regex(/^\d{11}$/);

export const accessKey = z
  .string()
  .regex(ACCESS_KEY_PATTERN)
  .meta({ description: "Chave de acesso (access key), 44 digits (format only)" });

/** A number that publishers send either as a digit string ("001") or as an integer (1). */
export function digits(maxLength: number) {
  return z.union([
    z.string().regex(new RegExp(`^\\d{1,${maxLength}}$`)),
    z
      .number()
      .int()
      .min(0)
      .max(10 ** maxLength - 1),
  ]);
}

export const series = digits(3).meta({ description: "Série (0–999), digit string or integer" });
export const invoiceNumber = digits(9).meta({ description: "Número da nota (nNF), digit string or integer" });

/** SEFAZ answer code (cStat), e.g. "100". */
export const sefazCode = z.union([z.string().regex(/^\d{3}$/), z.number().int().min(100).max(999)]);

/** SEFAZ protocol number (nProt): 15 digits. */
export const sefazProtocol = z.string().regex(/^\d{15}$/);

export const dateTime = z.iso.datetime({ offset: true });

export const money = z.union([z.string().regex(/^-?\d+(\.\d+)?$/), z.number()]);

/** IBGE state code, e.g. "35" for São Paulo. */
export const ibgeState = z.union([z.string().regex(/^\d{2}$/), z.number().int().min(11).max(53)]);

/** IBGE municipality code, e.g. "3550308" for São Paulo. */
export const ibgeCity = z.union([z.string().regex(/^\d{7}$/), z.number().int().min(1000000).max(9999999)]);

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
    .regex(/^\d{8}$/)
    .optional(),
  cfop: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  qty: money.optional(),
  unit_price: money.optional(),
  total: money.optional(),
});

export const documentType = z.enum(["nfe", "nfce", "nfse"]);

/** Links the dashboard may render: http(s) only, never `javascript:` or `data:`. */
export const httpUrl = z.url({ protocol: /^https?$/ });
