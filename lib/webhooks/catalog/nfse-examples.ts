import type { DocumentStage } from "./documents";
import { exampleCityCode, exampleCompanyCnpj, exampleRecipientCnpj } from "./example-ids";
import type { EventData } from "./types";

type NfseStage = Exclude<DocumentStage, "correction_letter" | "disablement_rejected">;

const document = {
  id: "nfse_1024",
  ref: "contrato-77-2026-11",
  company_cnpj: exampleCompanyCnpj,
  city_code: exampleCityCode,
  rps_series: "A",
  rps_number: "1024",
  recipient: { cnpj: exampleRecipientCnpj, name: "Comércio de Exemplo Ltda", email: "financeiro@exemplo.com.br" },
  items: [
    { code: "01.07", description: "Suporte técnico em informática — novembro/2026", qty: "1", unit_price: "2500.00", total: "2500.00" },
  ],
  totals: { services: "2500.00", iss: "125.00", total: "2500.00" },
  iss_rate: "0.05",
};

const issued = {
  ...document,
  status: "autorizado",
  number: "4821",
  verification_code: "K7QX9D2M",
  issued_at: "2026-11-30T17:10:00-03:00",
  xml_url: "https://api.example.com/v1/nfse/contrato-77-2026-11.xml",
  pdf_url: "https://api.example.com/v1/nfse/contrato-77-2026-11.pdf",
};

export const nfseExamples: Record<NfseStage, EventData> = {
  sent: { ...document, status: "processando_autorizacao", protocol: "8420361" },
  processing: { ...document, status: "processando_autorizacao" },
  waiting: { ...document, status: "processando_autorizacao", message: "Webservice da prefeitura indisponível; nova consulta em 5 minutos" },
  authorized: issued,
  rejected: {
    ...document,
    status: "erro_autorizacao",
    errors: ["Código de serviço 01.07 não permitido para o prestador neste município"],
  },
  error: {
    ...document,
    status: "erro",
    errors: [{ code: "certificate_invalid", message: "O certificado digital não pertence ao CNPJ do prestador" }],
  },
  cancelled: {
    ...issued,
    status: "cancelado",
    cancellation: {
      reason_code: "2",
      justification: "Serviço não prestado: contrato rescindido",
      cancelled_at: "2026-12-02T11:20:00-03:00",
    },
  },
  cancel_rejected: {
    ...issued,
    errors: ["Prazo para cancelamento da NFS-e expirado; solicite o cancelamento por processo administrativo"],
  },
};
