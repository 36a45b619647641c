// The lifecycle events shared by NF-e, NFC-e and NFS-e: one builder, descriptions written once.
import type { z } from "zod";
import type { EventData, EventTypeDefinition, LocalizedText } from "./types";

export type DocumentKind = "nfe" | "nfce" | "nfse";

export type DocumentStage =
  | "sent"
  | "processing"
  | "waiting"
  | "authorized"
  | "rejected"
  | "error"
  | "cancelled"
  | "cancel_rejected"
  | "correction_letter"
  | "disablement_rejected";

interface DocumentLabels {
  label: string;
  /** Who authorises the document, as a noun taking a feminine article in Portuguese. */
  authority: LocalizedText;
}

const documentLabels: Record<DocumentKind, DocumentLabels> = {
  nfe: { label: "NF-e", authority: { "pt-BR": "SEFAZ", en: "SEFAZ" } },
  nfce: { label: "NFC-e", authority: { "pt-BR": "SEFAZ", en: "SEFAZ" } },
  nfse: { label: "NFS-e", authority: { "pt-BR": "prefeitura", en: "the municipality" } },
};

type Describe = (doc: string, pt: string, en: string) => LocalizedText;

const stageDescriptions: Record<DocumentStage, Describe> = {
  sent: (doc, pt, en) => ({
    "pt-BR": `Lote da ${doc} enviado e recebido pela ${pt}`,
    en: `${doc} batch sent to and received by ${en}`,
  }),
  processing: (doc, pt, en) => ({
    "pt-BR": `${doc} em processamento: a ${pt} está analisando a autorização`,
    en: `${doc} being processed: ${en} is authorising it`,
  }),
  waiting: (doc, pt, en) => ({
    "pt-BR": `${doc} aguardando retorno da ${pt} (indisponível ou em contingência)`,
    en: `${doc} waiting for an answer from ${en} (unavailable or in contingency)`,
  }),
  authorized: (doc, pt, en) => ({
    "pt-BR": `${doc} autorizada pela ${pt} (emitida)`,
    en: `${doc} authorised by ${en} (issued)`,
  }),
  rejected: (doc, pt, en) => ({
    "pt-BR": `${doc} rejeitada pela ${pt}, com o código e o motivo da rejeição`,
    en: `${doc} rejected by ${en}, with the rejection code and reason`,
  }),
  error: (doc) => ({
    "pt-BR": `Erro na emissão da ${doc}: falha de processamento (certificado, comunicação ou dados); a nota não foi autorizada`,
    en: `Issuing the ${doc} failed (certificate, communication or data); it was not authorised`,
  }),
  cancelled: (doc, pt, en) => ({
    "pt-BR": `Cancelamento da ${doc} homologado pela ${pt}`,
    en: `Cancellation of the ${doc} accepted by ${en}`,
  }),
  cancel_rejected: (doc, pt, en) => ({
    "pt-BR": `Cancelamento da ${doc} rejeitado pela ${pt}; a nota continua válida`,
    en: `Cancellation of the ${doc} rejected by ${en}; the invoice remains valid`,
  }),
  correction_letter: (doc, pt, en) => ({
    "pt-BR": `Carta de correção eletrônica (CC-e) da ${doc} registrada pela ${pt}`,
    en: `Correction letter (CC-e) for the ${doc} registered by ${en}`,
  }),
  disablement_rejected: (doc, pt, en) => ({
    "pt-BR": `Inutilização de numeração da ${doc} rejeitada pela ${pt}`,
    en: `Number-range disablement (inutilização) of the ${doc} rejected by ${en}`,
  }),
};

export interface DocumentEventSpec {
  schema: z.ZodType<EventData>;
  example: EventData;
  sources: string[];
}

export function documentEvent<Kind extends DocumentKind, Stage extends DocumentStage>(
  kind: Kind,
  stage: Stage,
  spec: DocumentEventSpec,
): EventTypeDefinition<`${Kind}.${Stage}`> {
  const { label, authority } = documentLabels[kind];
  return {
    name: `${kind}.${stage}`,
    group: kind,
    description: stageDescriptions[stage](label, authority["pt-BR"], authority.en),
    ...spec,
  };
}
