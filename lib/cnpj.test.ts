import { describe, expect, it } from "vitest";
import {
  accessKeyCheckDigit,
  accessKeySchema,
  cnpjCheckDigits,
  cnpjSchema,
  formatCnpj,
  isValidAccessKey,
  isValidCnpj,
  normalizeCnpj,
} from "./cnpj";

describe("isValidCnpj", () => {
  it.each(["11.222.333/0001-81", "11222333000181", "12.345.678/0001-95", "33.000.167/0001-01", "00.000.000/0001-91"])(
    "accepts %s",
    (cnpj) => expect(isValidCnpj(cnpj)).toBe(true),
  );

  it("accepts the alphanumeric CNPJ of 2026 (Receita Federal's example 12.ABC.345/01DE-35)", () => {
    expect(isValidCnpj("12.ABC.345/01DE-35")).toBe(true);
    expect(isValidCnpj("12abc34501de35")).toBe(true);
    expect(isValidCnpj("12.ABC.345/01DE-36")).toBe(false);
  });

  it.each([
    ["a wrong first check digit", "11.222.333/0001-91"],
    ["a wrong second check digit", "11.222.333/0001-82"],
    ["the benchmark's made-up CNPJ", "12345678000199"],
    ["13 digits", "1122233300018"],
    ["15 digits", "112223330001810"],
    ["all the same digit", "00000000000000"],
    ["all ones", "11.111.111/1111-11"],
    ["letters in the check digits", "12ABC34501DEAB"],
    ["other punctuation", "11 222 333 0001 81"],
    ["an empty string", ""],
  ])("rejects %s", (_, cnpj) => expect(isValidCnpj(cnpj)).toBe(false));
});

describe("cnpjCheckDigits", () => {
  it("computes both digits from the 12-character base", () => {
    expect(cnpjCheckDigits("112223330001")).toBe("81");
    expect(cnpjCheckDigits("12ABC34501DE")).toBe("35");
  });
});

describe("normalizeCnpj and formatCnpj", () => {
  it("strips punctuation and formats back", () => {
    expect(normalizeCnpj("11.222.333/0001-81")).toBe("11222333000181");
    expect(formatCnpj("11222333000181")).toBe("11.222.333/0001-81");
    expect(formatCnpj("12abc34501de35")).toBe("12.ABC.345/01DE-35");
  });

  it("leaves a value of the wrong length unformatted", () => {
    expect(formatCnpj("11.222.333")).toBe("11222333");
  });
});

describe("cnpjSchema", () => {
  it("outputs the 14 characters of a formatted CNPJ", () => {
    expect(cnpjSchema.parse("11.222.333/0001-81")).toBe("11222333000181");
    expect(cnpjSchema.parse("12.ABC.345/01DE-35")).toBe("12ABC34501DE35");
  });

  it("names a wrong CNPJ with the code cnpj.invalid", () => {
    const result = cnpjSchema.safeParse("11.222.333/0001-82");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ message: "cnpj.invalid" });
  });
});

describe("access keys", () => {
  // Example key of the NF-e integration manual (Manual de Orientação do Contribuinte).
  const manualKey = "52060433009911002506550120000007800267301615";
  const key = "35261112345678000195550010000042421102938472";

  it("computes the 44th digit with mod 11", () => {
    expect(accessKeyCheckDigit(manualKey.slice(0, 43))).toBe(5);
    expect(isValidAccessKey(manualKey)).toBe(true);
    expect(isValidAccessKey(key)).toBe(true);
  });

  it("rejects a wrong check digit, a wrong length and non-digits", () => {
    expect(isValidAccessKey(`${key.slice(0, 43)}3`)).toBe(false);
    expect(isValidAccessKey(key.slice(0, 43))).toBe(false);
    expect(isValidAccessKey(`${key.slice(0, 40)}ABCD`)).toBe(false);
  });

  it("checks the format only in the schema", () => {
    expect(accessKeySchema.safeParse(`${key.slice(0, 43)}3`).success).toBe(true);
    expect(accessKeySchema.safeParse(key.slice(0, 43)).success).toBe(false);
    expect(accessKeySchema.safeParse(`${key} `).success).toBe(false);
  });

  it("accepts an alphanumeric emitter CNPJ inside the key", () => {
    const base = "352611" + "12ABC34501DE35" + "55001000004242110293847";
    expect(isValidAccessKey(base + accessKeyCheckDigit(base))).toBe(true);
    expect(accessKeySchema.safeParse(base + "0").success).toBe(true);
  });
});
