import { assetExample, operationExamples } from "./operation-examples";
import { asset, failedOperation, operation } from "./operation-schemas";
import { source } from "./sources";
import { defineEventType } from "./types";

export const operationEventTypes = [
  defineEventType({
    name: "operation.processing",
    group: "operation",
    description: {
      "pt-BR": "Operação em processamento (cancelamento, carta de correção, inutilização, lote)",
      en: "Operation in progress (cancellation, correction letter, disablement, batch)",
    },
    schema: operation,
    example: operationExamples.processing,
    sources: [source.fastNotas("operation_processing")],
  }),
  defineEventType({
    name: "operation.waiting",
    group: "operation",
    description: {
      "pt-BR": "Operação aguardando retorno externo (SEFAZ ou prefeitura)",
      en: "Operation waiting for an external answer (SEFAZ or municipality)",
    },
    schema: operation,
    example: operationExamples.waiting,
    sources: [source.fastNotas("operation_waiting")],
  }),
  defineEventType({
    name: "operation.succeeded",
    group: "operation",
    description: { "pt-BR": "Operação concluída com sucesso", en: "Operation completed successfully" },
    schema: operation,
    example: operationExamples.succeeded,
    sources: [source.fastNotas("operation_success")],
  }),
  defineEventType({
    name: "operation.error",
    group: "operation",
    description: {
      "pt-BR": "Operação interrompida por erro de processamento",
      en: "Operation stopped by a processing error",
    },
    schema: failedOperation,
    example: operationExamples.error,
    sources: [source.fastNotas("operation_error")],
  }),
  defineEventType({
    name: "operation.rejected",
    group: "operation",
    description: {
      "pt-BR": "Operação rejeitada pela SEFAZ, pela prefeitura ou na validação",
      en: "Operation rejected by SEFAZ, the municipality or validation",
    },
    schema: failedOperation,
    example: operationExamples.rejected,
    sources: [source.fastNotas("operation_rejected")],
  }),
];

export const assetAvailable = defineEventType({
  name: "asset.available",
  group: "asset",
  description: {
    "pt-BR": "Arquivo disponível para download (XML, DANFE, PDF da nota ou de um evento)",
    en: "File ready to download (XML, DANFE, PDF of an invoice or of an event)",
  },
  schema: asset,
  example: assetExample,
  sources: [source.fastNotas("asset_avaliable")],
});
