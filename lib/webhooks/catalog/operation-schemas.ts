// Long operations (cancellation, CC-e, inutilização, batches) and the files they produce, as Fast Notas
// delivers them. They point back to their document so deliveries can be searched by its identifiers.
import { z } from "zod";
import { accessKey, cnpj, dateTime, digits, documentType, errorList, httpUrl, series } from "./fields";

const documentReference = {
  company_cnpj: cnpj,
  document_type: documentType.optional(),
  document_id: z.string().optional(),
  access_key: accessKey.optional(),
  series: series.optional(),
  number: digits(15, "document_number.format").optional(),
};

const operationShape = {
  ...documentReference,
  id: z.string().min(1),
  type: z.string().min(1).meta({ description: "cancellation, correction_letter, disablement, batch_issue, …" }),
  status: z.string().min(1),
  created_at: dateTime.optional(),
  finished_at: dateTime.optional(),
  result: z.looseObject({}).optional(),
};

export const operation = z.looseObject(operationShape);

export const failedOperation = z.looseObject({ ...operationShape, errors: errorList });

export const asset = z.looseObject({
  ...documentReference,
  id: z.string().min(1),
  kind: z.string().min(1).meta({ description: "xml, danfe, pdf, cancellation_xml, correction_letter_pdf, zip, …" }),
  url: httpUrl,
  content_type: z.string().optional(),
  size_bytes: z.number().int().min(0).optional(),
  created_at: dateTime.optional(),
  expires_at: dateTime.optional(),
});
