import { z } from "zod";
import { cancellationRequest, correction, disablementShape, failureShape, nfeShape, sefazCancellation } from "./document-schemas";
import { documentEvent } from "./documents";
import { nfeExamples } from "./nfe-examples";
import { source } from "./sources";

const document = z.looseObject(nfeShape);
const failed = z.looseObject({ ...nfeShape, ...failureShape });

export const nfeEventTypes = [
  documentEvent("nfe", "sent", { schema: document, example: nfeExamples.sent, sources: [source.emites("sent")] }),
  documentEvent("nfe", "processing", {
    schema: document,
    example: nfeExamples.processing,
    sources: [source.emites("processed"), source.fastNotas("document_processing")],
  }),
  documentEvent("nfe", "waiting", {
    schema: document,
    example: nfeExamples.waiting,
    sources: [source.fastNotas("document_waiting")],
  }),
  documentEvent("nfe", "authorized", {
    schema: document,
    example: nfeExamples.authorized,
    sources: [
      source.focus("emissão com sucesso"),
      source.emites("succeeded"),
      source.fastNotas("document_success"),
      source.nfeIo("issued"),
    ],
  }),
  documentEvent("nfe", "rejected", {
    schema: failed,
    example: nfeExamples.rejected,
    sources: [source.emites("rejected"), source.fastNotas("document_rejected")],
  }),
  documentEvent("nfe", "error", {
    schema: failed,
    example: nfeExamples.error,
    sources: [source.focus("erro na emissão"), source.fastNotas("document_error"), source.nfeIo("error"), source.nfeIo("failure")],
  }),
  documentEvent("nfe", "cancelled", {
    schema: z.looseObject({ ...nfeShape, cancellation: sefazCancellation }),
    example: nfeExamples.cancelled,
    sources: [source.focus("cancelamento"), source.emites("cancelled"), source.fastNotas("document_canceled")],
  }),
  documentEvent("nfe", "cancel_rejected", {
    schema: z.looseObject({ ...nfeShape, ...failureShape, cancellation: cancellationRequest.optional() }),
    example: nfeExamples.cancel_rejected,
    sources: [source.emites("cancel_rejected")],
  }),
  documentEvent("nfe", "correction_letter", {
    schema: z.looseObject({ ...nfeShape, correction }),
    example: nfeExamples.correction_letter,
    sources: [source.focus("carta de correção")],
  }),
  documentEvent("nfe", "disablement_rejected", {
    schema: z.looseObject(disablementShape(z.literal(["55", 55]))),
    example: nfeExamples.disablement_rejected,
    sources: [source.emites("disablement_rejected")],
  }),
];
