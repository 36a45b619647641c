import { describe, expect, it } from "vitest";
import { eventTypes, getEventType } from "@/lib/webhooks/catalog";

// Every event each source document (shared/seeds) describes, and the catalog types that stand for it.
const sourceEvents: [source: string, types: string[]][] = [
  ["Focus: emissão com sucesso", ["nfe.authorized"]],
  ["Focus: erro na emissão", ["nfe.error"]],
  ["Focus: cancelamento", ["nfe.cancelled"]],
  ["Focus: carta de correção", ["nfe.correction_letter"]],
  ["Fast Notas: document_processing", ["nfe.processing", "nfce.processing", "nfse.processing"]],
  ["Fast Notas: document_waiting", ["nfe.waiting", "nfce.waiting", "nfse.waiting"]],
  ["Fast Notas: document_success", ["nfe.authorized", "nfce.authorized", "nfse.authorized"]],
  ["Fast Notas: document_canceled", ["nfe.cancelled", "nfce.cancelled", "nfse.cancelled"]],
  ["Fast Notas: document_error", ["nfe.error", "nfce.error", "nfse.error"]],
  ["Fast Notas: document_rejected", ["nfe.rejected", "nfce.rejected", "nfse.rejected"]],
  ["Fast Notas: operation_processing", ["operation.processing"]],
  ["Fast Notas: operation_waiting", ["operation.waiting"]],
  ["Fast Notas: operation_success", ["operation.succeeded"]],
  ["Fast Notas: operation_error", ["operation.error"]],
  ["Fast Notas: operation_rejected", ["operation.rejected"]],
  ["Fast Notas: asset_avaliable", ["asset.available"]],
  ["Emites: sent", ["nfe.sent", "nfce.sent"]],
  ["Emites: processed", ["nfe.processing", "nfce.processing"]],
  ["Emites: succeeded", ["nfe.authorized", "nfce.authorized"]],
  ["Emites: rejected", ["nfe.rejected", "nfce.rejected"]],
  ["Emites: cancelled", ["nfe.cancelled", "nfce.cancelled"]],
  ["Emites: cancel_rejected", ["nfe.cancel_rejected", "nfce.cancel_rejected"]],
  ["Emites: disablement_rejected", ["nfe.disablement_rejected", "nfce.disablement_rejected"]],
  ['Cobrato: requisição de teste {"test": true}', ["webhook.test"]],
  ["NFE.io: issued", ["nfe.authorized", "nfce.authorized", "nfse.authorized"]],
  ["NFE.io: error", ["nfe.error", "nfce.error", "nfse.error"]],
  ["NFE.io: failure", ["nfe.error", "nfce.error", "nfse.error"]],
];

describe("source coverage", () => {
  it.each(sourceEvents)("%s is delivered as %j", (source, types) => {
    for (const type of types) expect(getEventType(type)?.sources).toContain(source);
  });

  it("names no source event outside the table", () => {
    const known = new Set(sourceEvents.map(([source]) => source));
    const named = eventTypes.flatMap((definition) => definition.sources);
    expect(named.filter((source) => !known.has(source))).toEqual([]);
  });

  it("maps each source event to exactly the listed types", () => {
    for (const [source, types] of sourceEvents) {
      const mapped = eventTypes.filter((definition) => definition.sources.includes(source)).map((definition) => definition.name);
      expect(mapped.sort()).toEqual([...types].sort());
    }
  });
});
