import type { DocumentStage } from "./documents";
import { exampleCompanyCnpj, exampleNfeAccessKey, exampleRecipientCnpj } from "./example-ids";
import type { EventData } from "./types";

const document = {
  id: "nfe_4242",
  ref: "pedido-4242",
  company_cnpj: exampleCompanyCnpj,
  access_key: exampleNfeAccessKey,
  series: "1",
  number: "4242",
  model: "55",
  issued_at: "2026-11-12T10:15:00-03:00",
  recipient: { cnpj: exampleRecipientCnpj, name: "Comércio de Exemplo Ltda", uf: "SP", city: "São Paulo" },
  totals: { products: "1520.00", freight: "35.90", discount: "0.00", icms: "273.60", total: "1555.90" },
  items: [
    {
      n: 1,
      code: "SKU-1001",
      description: "Monitor LED 24 polegadas",
      ncm: "85285200",
      cfop: "5102",
      qty: "2.0000",
      unit_price: "500.00",
      total: "1000.00",
    },
    {
      n: 2,
      code: "SKU-2002",
      description: "Teclado sem fio ABNT2",
      ncm: "84716052",
      cfop: "5102",
      qty: "4.0000",
      unit_price: "130.00",
      total: "520.00",
    },
  ],
};

const authorized = {
  ...document,
  status: "autorizado",
  status_sefaz: "100",
  mensagem_sefaz: "Autorizado o uso da NF-e",
  protocol: "135260001234567",
  xml_url: "https://api.example.com/v1/nfe/pedido-4242.xml",
  danfe_url: "https://api.example.com/v1/nfe/pedido-4242.pdf",
};

const cancellationJustification = "Pedido cancelado pelo cliente antes do envio da mercadoria";

export const nfeExamples: Record<DocumentStage, EventData> = {
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
    status_sefaz: "539",
    mensagem_sefaz: "Rejeição: Duplicidade de NF-e com diferença na Chave de Acesso",
    errors: [{ code: "539", message: "Rejeição: Duplicidade de NF-e com diferença na Chave de Acesso" }],
  },
  error: {
    ...document,
    status: "erro",
    errors: [{ code: "certificate_expired", message: "O certificado digital A1 da empresa venceu em 31/10/2026" }],
  },
  cancelled: {
    ...authorized,
    status: "cancelado",
    status_sefaz: "135",
    mensagem_sefaz: "Evento registrado e vinculado a NF-e",
    cancellation: {
      justification: cancellationJustification,
      protocol: "135260001239876",
      cancelled_at: "2026-11-12T14:02:11-03:00",
    },
  },
  cancel_rejected: {
    ...authorized,
    errors: ["501 - Rejeição: Prazo de cancelamento superior ao previsto na legislação"],
    cancellation: { justification: cancellationJustification, requested_at: "2026-11-20T09:30:00-03:00" },
  },
  correction_letter: {
    ...authorized,
    correction: {
      text: "Onde se lê Rua das Flores, 10, leia-se Rua das Flores, 100",
      sequence: 1,
      protocol: "135260001241122",
      status_sefaz: "135",
      registered_at: "2026-11-13T08:45:00-03:00",
      pdf_url: "https://api.example.com/v1/nfe/pedido-4242/cce-1.pdf",
    },
  },
  disablement_rejected: {
    company_cnpj: exampleCompanyCnpj,
    model: "55",
    uf: "35",
    serie: "1",
    numero: "4243",
    justification: "Numeração pulada por falha no sistema emissor",
    status_sefaz: "241",
    mensagem_sefaz: "Rejeição: Um número da faixa já foi utilizado",
    errors: ["241 - Rejeição: Um número da faixa já foi utilizado"],
  },
};
