// The log speaks SEFAZ: an event's status code, message and protocol — under the catalog's names or
// SEFAZ's own (cStat, xMotivo, nProt) — are in the delivery log, the delivery, and the event log.
import { beforeAll, expect, it } from "vitest";
import { GET as deliveryRoute } from "@/app/api/v1/deliveries/[id]/route";
import { GET as eventsRoute } from "@/app/api/v1/events/route";
import { GET as deliveriesRoute } from "@/app/api/v1/webhooks/[id]/deliveries/route";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { apiClient, type ApiClient } from "@/test/api-client";
import { endpointAt, invoiceData } from "@/test/log-fixtures";

let api: ApiClient;
let endpointId: string;
beforeAll(async () => {
  api = await apiClient("fiscal@sefaz.test", "Fiscal SEFAZ");
  endpointId = await endpointAt(api.organizationId, "http://127.0.0.1:9/erp");
});

it("shows cStat, xMotivo and nProt in the log, the delivery and the event log", async () => {
  const rejected = {
    ...invoiceData({ type: "nfe.rejected", number: 539 }),
    status_sefaz: "539",
    mensagem_sefaz: "Rejeição: Duplicidade de NF-e com diferença na chave de acesso",
  };
  const published = await publishEvent(api.organizationId, { type: "nfe.rejected", data: rejected });
  const authorized = {
    ...invoiceData({ number: 100 }),
    status_sefaz: "100",
    mensagem_sefaz: "Autorizado o uso da NF-e",
    protocol: "135260001234567",
  };
  await publishEvent(api.organizationId, { type: "nfe.authorized", data: authorized });
  // SEFAZ's own names, as an integrator forwarding the XML's fields sends them
  const { status_sefaz: _code, mensagem_sefaz: _message, protocol: _protocol, ...plain } = invoiceData({ number: 215 });
  await publishEvent(api.organizationId, {
    type: "nfe.authorized",
    data: { ...plain, cStat: "100", xMotivo: "Autorizado o uso da NF-e", nProt: "135260001299999" },
  });

  const log = await api.call(deliveriesRoute, "GET", `/api/v1/webhooks/${endpointId}/deliveries`, { id: endpointId });
  expect(log.status).toBe(200);
  const sefaz = log.json.deliveries.map((d: { invoice: { sefaz: unknown } }) => d.invoice.sefaz);
  expect(sefaz).toEqual([
    { code: "100", message: "Autorizado o uso da NF-e", protocol: "135260001299999" },
    { code: "100", message: "Autorizado o uso da NF-e", protocol: "135260001234567" },
    { code: "539", message: "Rejeição: Duplicidade de NF-e com diferença na chave de acesso", protocol: null },
  ]);
  const deliveryId = published.deliveries[0]!.id;
  const one = await api.call(deliveryRoute, "GET", `/api/v1/deliveries/${deliveryId}`, { id: deliveryId });
  expect(one.json.delivery.invoice.sefaz).toMatchObject({ code: "539" });
  const events = await api.call(eventsRoute, "GET", "/api/v1/events");
  expect(events.json.events.map((e: { invoice: { sefaz: { code: string } | null } }) => e.invoice.sefaz?.code)).toEqual([
    "100",
    "100",
    "539",
  ]);
});
