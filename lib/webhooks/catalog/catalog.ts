import { nfceEventTypes } from "./nfce";
import { nfeEventTypes } from "./nfe";
import { nfseEventTypes } from "./nfse";
import { alertEventTypes } from "./alerts";
import { assetAvailable, operationEventTypes } from "./operations";
import type { EventGroup, EventTypeDefinition, LocalizedText } from "./types";
import { webhookTest } from "./webhook-test";

const catalog = [
  ...nfeEventTypes,
  ...nfceEventTypes,
  ...nfseEventTypes,
  ...operationEventTypes,
  assetAvailable,
  ...alertEventTypes,
  webhookTest,
];

export type EventTypeName = (typeof catalog)[number]["name"];

export const eventTypes: readonly EventTypeDefinition<EventTypeName>[] = catalog;

export const eventTypeNames: EventTypeName[] = eventTypes.map((definition) => definition.name);

const byName = new Map<string, EventTypeDefinition<EventTypeName>>(eventTypes.map((definition) => [definition.name, definition]));

export function isEventTypeName(name: string): name is EventTypeName {
  return byName.has(name);
}

export function getEventType(name: string): EventTypeDefinition<EventTypeName> | undefined {
  return byName.get(name);
}

export interface EventTypeGroup {
  id: EventGroup;
  label: LocalizedText;
  description: LocalizedText;
  eventTypes: EventTypeName[];
}

const groups: readonly Omit<EventTypeGroup, "eventTypes">[] = [
  {
    id: "nfe",
    label: { "pt-BR": "NF-e", en: "NF-e" },
    description: { "pt-BR": "Nota Fiscal Eletrônica (modelo 55)", en: "Electronic invoice (model 55)" },
  },
  {
    id: "nfce",
    label: { "pt-BR": "NFC-e", en: "NFC-e" },
    description: { "pt-BR": "Nota Fiscal de Consumidor Eletrônica (modelo 65)", en: "Electronic consumer invoice (model 65)" },
  },
  {
    id: "nfse",
    label: { "pt-BR": "NFS-e", en: "NFS-e" },
    description: { "pt-BR": "Nota Fiscal de Serviços Eletrônica", en: "Electronic service invoice" },
  },
  {
    id: "operation",
    label: { "pt-BR": "Operações", en: "Operations" },
    description: {
      "pt-BR": "Cancelamentos, cartas de correção, inutilizações e lotes",
      en: "Cancellations, correction letters, disablements and batches",
    },
  },
  {
    id: "asset",
    label: { "pt-BR": "Arquivos", en: "Files" },
    description: { "pt-BR": "XML e PDF gerados", en: "Generated XML and PDF files" },
  },
  {
    id: "alert",
    label: { "pt-BR": "Alertas", en: "Alerts" },
    description: {
      "pt-BR": "Outro webhook da conta falhando, desativado ou recuperado; entregas que falharam de vez",
      en: "Another webhook of the account failing, disabled or recovered; deliveries that failed for good",
    },
  },
  {
    id: "webhook",
    label: { "pt-BR": "Webhook", en: "Webhook" },
    description: { "pt-BR": "Requisição de teste do endpoint", en: "The endpoint's test request" },
  },
];

/** Groups in display order, each with its event types in catalog order (the UI offers select-all per group). */
export const eventTypeGroups: readonly EventTypeGroup[] = groups.map((group) => ({
  ...group,
  eventTypes: eventTypeNames.filter((name) => getEventType(name)?.group === group.id),
}));
