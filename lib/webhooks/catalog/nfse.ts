import { z } from "zod";
import { failureShape, issuedNfseShape, nfseCancellation, nfseShape } from "./document-schemas";
import { documentEvent } from "./documents";
import { nfseExamples } from "./nfse-examples";
import { source } from "./sources";

const document = z.looseObject(nfseShape);
const failed = z.looseObject({ ...nfseShape, ...failureShape });

/**
 * NFS-e lifecycle: authorised by the municipality (no SEFAZ, no access key, no CC-e, no inutilização).
 * `sent` and `cancel_rejected` have no source event: they complete the lifecycle the other documents have.
 */
export const nfseEventTypes = [
  documentEvent("nfse", "sent", { schema: document, example: nfseExamples.sent, sources: [] }),
  documentEvent("nfse", "processing", {
    schema: document,
    example: nfseExamples.processing,
    sources: [source.fastNotas("document_processing")],
  }),
  documentEvent("nfse", "waiting", {
    schema: document,
    example: nfseExamples.waiting,
    sources: [source.fastNotas("document_waiting")],
  }),
  documentEvent("nfse", "authorized", {
    schema: z.looseObject(issuedNfseShape),
    example: nfseExamples.authorized,
    sources: [source.fastNotas("document_success"), source.nfeIo("issued")],
  }),
  documentEvent("nfse", "rejected", {
    schema: failed,
    example: nfseExamples.rejected,
    sources: [source.fastNotas("document_rejected")],
  }),
  documentEvent("nfse", "error", {
    schema: failed,
    example: nfseExamples.error,
    sources: [source.fastNotas("document_error"), source.nfeIo("error"), source.nfeIo("failure")],
  }),
  documentEvent("nfse", "cancelled", {
    schema: z.looseObject({ ...issuedNfseShape, cancellation: nfseCancellation.optional() }),
    example: nfseExamples.cancelled,
    sources: [source.fastNotas("document_canceled")],
  }),
  documentEvent("nfse", "cancel_rejected", {
    schema: z.looseObject({ ...issuedNfseShape, ...failureShape }),
    example: nfseExamples.cancel_rejected,
    sources: [],
  }),
];
