import { z } from "zod";
import { cancellationRequest, disablementShape, failureShape, nfceShape, sefazCancellation } from "./document-schemas";
import { documentEvent } from "./documents";
import { nfceExamples } from "./nfce-examples";
import { source } from "./sources";

const document = z.looseObject(nfceShape);
const failed = z.looseObject({ ...nfceShape, ...failureShape });

/** Same lifecycle as the NF-e, without the correction letter (CC-e does not exist for NFC-e). */
export const nfceEventTypes = [
  documentEvent("nfce", "sent", { schema: document, example: nfceExamples.sent, sources: [source.emites("sent")] }),
  documentEvent("nfce", "processing", {
    schema: document,
    example: nfceExamples.processing,
    sources: [source.emites("processed"), source.fastNotas("document_processing")],
  }),
  documentEvent("nfce", "waiting", {
    schema: document,
    example: nfceExamples.waiting,
    sources: [source.fastNotas("document_waiting")],
  }),
  documentEvent("nfce", "authorized", {
    schema: document,
    example: nfceExamples.authorized,
    sources: [source.emites("succeeded"), source.fastNotas("document_success"), source.nfeIo("issued")],
  }),
  documentEvent("nfce", "rejected", {
    schema: failed,
    example: nfceExamples.rejected,
    sources: [source.emites("rejected"), source.fastNotas("document_rejected")],
  }),
  documentEvent("nfce", "error", {
    schema: failed,
    example: nfceExamples.error,
    sources: [source.fastNotas("document_error"), source.nfeIo("error"), source.nfeIo("failure")],
  }),
  documentEvent("nfce", "cancelled", {
    schema: z.looseObject({ ...nfceShape, cancellation: sefazCancellation }),
    example: nfceExamples.cancelled,
    sources: [source.emites("cancelled"), source.fastNotas("document_canceled")],
  }),
  documentEvent("nfce", "cancel_rejected", {
    schema: z.looseObject({ ...nfceShape, ...failureShape, cancellation: cancellationRequest.optional() }),
    example: nfceExamples.cancel_rejected,
    sources: [source.emites("cancel_rejected")],
  }),
  documentEvent("nfce", "disablement_rejected", {
    schema: z.looseObject(disablementShape(z.literal(["65", 65]))),
    example: nfceExamples.disablement_rejected,
    sources: [source.emites("disablement_rejected")],
  }),
];
