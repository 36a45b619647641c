import { exampleCompanyCnpj, exampleNfeAccessKey } from "./example-ids";
import type { EventData } from "./types";

const cancellation = {
  id: "op_7f3a91",
  type: "cancellation",
  company_cnpj: exampleCompanyCnpj,
  document_type: "nfe",
  document_id: "nfe_4242",
  access_key: exampleNfeAccessKey,
  series: "1",
  number: "4242",
  created_at: "2026-11-12T14:01:58-03:00",
};

export const operationExamples: Record<"processing" | "waiting" | "succeeded" | "error" | "rejected", EventData> = {
  processing: { ...cancellation, status: "processing" },
  waiting: {
    ...cancellation,
    status: "waiting",
    message: "SEFAZ-SP em contingência: o evento será transmitido quando o serviço voltar",
  },
  // an inutilização: SEFAZ answers 102 (a cancellation's 135 is in nfe.cancelled's example)
  succeeded: {
    id: "op_8b20c4",
    type: "disablement",
    company_cnpj: exampleCompanyCnpj,
    document_type: "nfe",
    model: "55",
    series: "1",
    number_from: "4243",
    number_to: "4245",
    justification: "Numeração pulada por falha no sistema emissor",
    created_at: "2026-11-12T14:01:58-03:00",
    status: "succeeded",
    finished_at: "2026-11-12T14:02:11-03:00",
    result: { status_sefaz: "102", mensagem_sefaz: "Inutilização de número homologado", protocol: "135260001240555" },
  },
  error: {
    ...cancellation,
    status: "error",
    finished_at: "2026-11-12T14:03:00-03:00",
    errors: [{ code: "sefaz_unavailable", message: "A SEFAZ-SP não respondeu após 3 tentativas" }],
  },
  rejected: {
    ...cancellation,
    status: "rejected",
    finished_at: "2026-11-12T14:02:11-03:00",
    errors: ["501 - Rejeição: Prazo de cancelamento superior ao previsto na legislação"],
  },
};

export const assetExample: EventData = {
  id: "asset_c41d08",
  kind: "danfe",
  url: "https://api.example.com/v1/nfe/pedido-4242.pdf",
  content_type: "application/pdf",
  size_bytes: 48213,
  created_at: "2026-11-12T10:15:04-03:00",
  company_cnpj: exampleCompanyCnpj,
  document_type: "nfe",
  document_id: "nfe_4242",
  access_key: exampleNfeAccessKey,
  series: "1",
  number: "4242",
};
