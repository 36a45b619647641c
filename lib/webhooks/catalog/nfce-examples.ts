import type { DocumentStage } from "./documents";
import { exampleCompanyCnpj, exampleNfceAccessKey } from "./example-ids";
import type { EventData } from "./types";

type NfceStage = Exclude<DocumentStage, "correction_letter">;

const document = {
  id: "nfce_1337",
  ref: "pdv-03-1337",
  company_cnpj: exampleCompanyCnpj,
  access_key: exampleNfceAccessKey,
  series: "1",
  number: "1337",
  model: "65",
  issued_at: "2026-11-12T18:42:05-03:00",
  recipient: { cpf: "12345678909", name: "Consumidor identificado" },
  totals: { products: "37.80", discount: "0.00", total: "37.80" },
  items: [
    {
      n: 1,
      code: "7891000100103",
      description: "Café torrado e moído 500 g",
      ncm: "09012100",
      cfop: "5102",
      qty: "2.0000",
      unit_price: "18.90",
      total: "37.80",
    },
  ],
};

const authorized = {
  ...document,
  status: "autorizado",
  status_sefaz: "100",
  mensagem_sefaz: "Autorizado o uso da NF-e",
  protocol: "135260001240001",
  xml_url: "https://api.example.com/v1/nfce/pdv-03-1337.xml",
  danfe_url: "https://api.example.com/v1/nfce/pdv-03-1337.pdf",
  qrcode_url: `https://www.nfce.fazenda.sp.gov.br/qrcode?p=${exampleNfceAccessKey}|2|1|1|7A0C9F3B2E1D4C5B6A798877665544332211AABB`,
};

const cancellationJustification = "Venda cancelada a pedido do consumidor no caixa";

export const nfceExamples: Record<NfceStage, EventData> = {
  sent: { ...document, status: "processando_autorizacao", status_sefaz: "103", mensagem_sefaz: "Lote recebido com sucesso" },
  processing: { ...document, status: "processando_autorizacao", status_sefaz: "105", mensagem_sefaz: "Lote em processamento" },
  waiting: {
    ...document,
    status: "processando_autorizacao",
    status_sefaz: "108",
    mensagem_sefaz: "Serviço Paralisado Momentaneamente (curto prazo)",
  },
  authorized,
  rejected: {
    ...document,
    status: "erro_autorizacao",
    status_sefaz: "215",
    mensagem_sefaz: "Rejeição: Falha no schema XML",
    errors: ["215 - Rejeição: Falha no schema XML"],
  },
  error: {
    ...document,
    status: "erro",
    errors: [{ code: "sefaz_timeout", message: "A SEFAZ-SP não respondeu em 30 segundos" }],
  },
  cancelled: {
    ...authorized,
    status: "cancelado",
    status_sefaz: "135",
    mensagem_sefaz: "Evento registrado e vinculado a NF-e",
    cancellation: {
      justification: cancellationJustification,
      protocol: "135260001240057",
      cancelled_at: "2026-11-12T18:50:40-03:00",
    },
  },
  cancel_rejected: {
    ...authorized,
    errors: ["501 - Rejeição: Prazo de cancelamento superior ao previsto na legislação"],
    cancellation: { justification: cancellationJustification, requested_at: "2026-11-12T20:05:00-03:00" },
  },
  disablement_rejected: {
    company_cnpj: exampleCompanyCnpj,
    model: "65",
    uf: "35",
    serie: "1",
    numero: "1338",
    errors: ["215 - Rejeição: Falha no schema XML"],
  },
};
