import { describe, expect, it } from "vitest";
import { extractBusinessIds } from "@/lib/webhooks/catalog";

describe("extractBusinessIds", () => {
  it("reads the identifiers of a flat invoice document", () => {
    const data = {
      company_cnpj: "12345678000199",
      access_key: "35260712345678000199550010000000421000000420",
      series: "1",
      number: "42",
      status: "autorizado",
      bench_t: 1,
    };
    expect(extractBusinessIds(data)).toEqual({
      companyCnpj: "12345678000199",
      accessKey: "35260712345678000199550010000000421000000420",
      series: "1",
      number: "42",
      status: "autorizado",
    });
  });

  it("reads Emites' serie and numero and turns integers into strings", () => {
    expect(extractBusinessIds({ uf: "35", serie: 0, numero: "98080986123", company_cnpj: "12.345.678/0001-95" })).toEqual({
      companyCnpj: "12345678000195",
      series: "0",
      number: "98080986123",
    });
  });

  it("removes the spaces of an access key copied from a DANFE and restores a CNPJ's leading zeros", () => {
    expect(extractBusinessIds({ access_key: "3526 1112 3456 7800 0195 5500 1000 0042 4211 0293 8472", company_cnpj: 191 })).toEqual({
      accessKey: "35261112345678000195550010000042421102938472",
      companyCnpj: "00000000000191",
    });
  });

  it("ignores what it cannot read", () => {
    expect(extractBusinessIds(null)).toEqual({});
    expect(extractBusinessIds(["x"])).toEqual({});
    expect(extractBusinessIds({ company_cnpj: {}, series: " ", number: -1, status: 3.5 })).toEqual({});
  });
});
