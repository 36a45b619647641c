// The invoice document as the REST API returns it (Focus-style), and what each lifecycle stage adds.
import { z } from "zod";
import { issue } from "@/lib/validation";
import {
  accessKey,
  cnpj,
  dateTime,
  digits,
  errorList,
  httpUrl,
  ibgeCity,
  ibgeState,
  invoiceNumber,
  item,
  money,
  party,
  sefazCode,
  sefazProtocol,
  series,
  totals,
} from "./fields";

const invoiceShape = {
  id: z.string().optional(),
  ref: z.string().optional(),
  company_cnpj: cnpj,
  access_key: accessKey,
  series,
  number: invoiceNumber,
  status: z.string().min(1),
  status_sefaz: sefazCode.optional(),
  mensagem_sefaz: z.string().optional(),
  protocol: sefazProtocol.optional(),
  issued_at: dateTime.optional(),
  recipient: party.optional(),
  totals: totals.optional(),
  items: z.array(item).optional(),
  xml_url: httpUrl.optional(),
  danfe_url: httpUrl.optional(),
};

export const nfeShape = { ...invoiceShape, model: z.literal(["55", 55]).optional() };

export const nfceShape = {
  ...invoiceShape,
  model: z.literal(["65", 65]).optional(),
  qrcode_url: httpUrl.optional(),
};

/** NFS-e has no access key: it is identified by the municipality, its number and verification code. */
export const nfseShape = {
  id: z.string().optional(),
  ref: z.string().optional(),
  company_cnpj: cnpj,
  city_code: ibgeCity,
  status: z.string().min(1),
  number: digits(15, "document_number.format").optional(),
  verification_code: z.string().min(1).optional(),
  protocol: z.string().optional(),
  rps_series: z
    .union([z.string().regex(/^[0-9A-Za-z]{1,5}$/, issue("rps_series.format")), z.number().int().min(0)], issue("rps_series.format"))
    .optional(),
  rps_number: digits(15, "document_number.format").optional(),
  issued_at: dateTime.optional(),
  recipient: party.optional(),
  totals: totals.optional(),
  items: z.array(item).optional(),
  iss_rate: money.optional(),
  xml_url: httpUrl.optional(),
  pdf_url: httpUrl.optional(),
};

/** An NFS-e the municipality has issued: it now has a number and a verification code. */
export const issuedNfseShape = {
  ...nfseShape,
  number: digits(15, "document_number.format"),
  verification_code: z.string().min(1),
};

export const failureShape = { errors: errorList };

const sefazJustification = z.string().min(15, issue("justification.length")).max(255, issue("justification.length"));

export const sefazCancellation = z.looseObject({
  justification: sefazJustification,
  protocol: sefazProtocol,
  cancelled_at: dateTime.optional(),
});

export const cancellationRequest = z.looseObject({
  justification: sefazJustification.optional(),
  requested_at: dateTime.optional(),
});

export const nfseCancellation = z.looseObject({
  reason_code: z.string().optional(),
  justification: z.string().min(1).max(255).optional(),
  cancelled_at: dateTime.optional(),
});

/** Carta de correção: xCorrecao is 15–1000 characters; nSeqEvento 1–20. */
export const correction = z.looseObject({
  text: z.string().min(15, issue("correction_text.length")).max(1000, issue("correction_text.length")),
  sequence: z.union([z.number().int().min(1).max(20), z.string().regex(/^\d{1,2}$/)], {
    error: (problem) => (problem.input === undefined ? issue("blank") : issue("correction_sequence.format")),
  }),
  protocol: sefazProtocol,
  status_sefaz: sefazCode.optional(),
  registered_at: dateTime.optional(),
  xml_url: httpUrl.optional(),
  pdf_url: httpUrl.optional(),
});

/** Inutilização rejected, in Emites' flat shape (uf, serie, numero, errors) plus the company. */
export function disablementShape(model: z.ZodType) {
  return {
    company_cnpj: cnpj,
    uf: ibgeState,
    serie: digits(3, "series.format"),
    numero: digits(20, "document_number.format"),
    errors: errorList,
    model: model.optional(),
    status: z.string().optional(),
    justification: z.string().optional(),
  };
}
