"use client";

import { useTranslations } from "use-intl";
import { formatCnpj } from "@/lib/cnpj";
import { shortAccessKey } from "@/components/deliveries/format";

export interface InvoiceRef {
  company_cnpj: string | null;
  access_key: string | null;
  series: string | null;
  number: string | null;
  /** the event's place among its invoice's events (1, 2, …), when it has an access key */
  sequence?: number | null;
  /** what SEFAZ answered (cStat, xMotivo, nProt), when the event says */
  sefaz?: { code: string; message: string | null; protocol: string | null } | null;
}

/** "539 – Rejeição: Duplicidade de NF-e…" */
export const sefazText = (sefaz: NonNullable<InvoiceRef["sefaz"]>) => (sefaz.message ? `${sefaz.code} – ${sefaz.message}` : sefaz.code);

/** "3526…0042" on screen; the whole key as a tooltip and for screen readers. */
export function AccessKey({ value }: { value: string }) {
  const t = useTranslations("deliveries.invoice");
  return (
    <span title={value} className="font-mono">
      <span aria-hidden="true">{shortAccessKey(value)}</span>
      <span className="sr-only">
        {t("accessKey")} {value}
      </span>
    </span>
  );
}

/** "Série 1 · nº 4242", or only the part that exists (NFS-e have no series). */
function useInvoiceNumber() {
  const t = useTranslations("deliveries.invoice");
  return (series: string | null, number: string | null) => {
    if (series && number) return t("seriesNumber", { series, number });
    return series ? t("seriesOnly", { series }) : t("numberOnly", { number: number ?? "" });
  };
}

/** The business identifiers of an event's invoice, compact (one per line) for tables. */
export function InvoiceIds({ invoice }: { invoice: InvoiceRef }) {
  const t = useTranslations("deliveries.invoice");
  const invoiceNumber = useInvoiceNumber();
  const { series, number, access_key, company_cnpj, sefaz, sequence } = invoice;
  if (!series && !number && !access_key && !company_cnpj) return <span className="text-slate-600">{t("none")}</span>;
  return (
    <span className="flex flex-col gap-0.5">
      {(series || number) && <span>{invoiceNumber(series, number)}</span>}
      {access_key && <AccessKey value={access_key} />}
      {sequence != null && <span className="text-xs text-slate-600">{t("sequenceOf", { sequence })}</span>}
      {company_cnpj && (
        <span className="text-xs text-slate-600">
          <span className="sr-only">{t("cnpj")} </span>
          {formatCnpj(company_cnpj)}
        </span>
      )}
      {sefaz && (
        <span className="text-xs text-slate-700">
          <span className="sr-only">{t("sefaz")} </span>
          {sefazText(sefaz)}
        </span>
      )}
    </span>
  );
}

/** The same identifiers in full, as rows of a description list (summary panels). */
export function InvoiceRows({ invoice }: { invoice: InvoiceRef }) {
  const t = useTranslations("deliveries.invoice");
  const invoiceNumber = useInvoiceNumber();
  const { series, number, access_key, company_cnpj, sefaz, sequence } = invoice;
  return (
    <>
      {(series || number) && (
        <>
          <dt className="text-slate-600">{t("invoice")}</dt>
          <dd>{invoiceNumber(series, number)}</dd>
        </>
      )}
      {access_key && (
        <>
          <dt className="text-slate-600">{t("accessKey")}</dt>
          <dd className="font-mono text-[13px] break-all">{access_key}</dd>
        </>
      )}
      {sequence != null && (
        <>
          <dt className="text-slate-600">{t("sequence")}</dt>
          <dd>{t("sequenceOf", { sequence })}</dd>
        </>
      )}
      {company_cnpj && (
        <>
          <dt className="text-slate-600">{t("cnpj")}</dt>
          <dd className="font-mono text-[13px]">{formatCnpj(company_cnpj)}</dd>
        </>
      )}
      {sefaz && (
        <>
          <dt className="text-slate-600">{t("sefaz")}</dt>
          <dd>{sefazText(sefaz)}</dd>
        </>
      )}
      {sefaz?.protocol && (
        <>
          <dt className="text-slate-600">{t("protocol")}</dt>
          <dd className="font-mono text-[13px]">{sefaz.protocol}</dd>
        </>
      )}
    </>
  );
}
