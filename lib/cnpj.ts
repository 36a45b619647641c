import { z } from "zod";
import { issue } from "@/lib/validation";

/**
 * A normalized CNPJ: 12 base characters + 2 numeric check digits. The base is numeric, or uppercase
 * alphanumeric for the CNPJs Receita Federal issues from July 2026 (IN RFB 2.229/2024).
 */
export const CNPJ_PATTERN = /^[0-9A-Z]{12}[0-9]{2}$/;

/**
 * A chave de acesso: cUF(2) AAMM(4) emitter CNPJ(14, alphanumeric from 2026) model(2) series(3)
 * number(9) tpEmis(1) cNF(8) check digit(1).
 */
export const ACCESS_KEY_PATTERN = /^[0-9]{6}[0-9A-Z]{12}[0-9]{26}$/;

const CNPJ_SEPARATORS = /[./-]/g;
const ONE_REPEATED_CHARACTER = /^(.)\1+$/;

/**
 * Mod-11 check digit shared by CNPJ and access key: weights 2..9 repeating from the right, each character
 * worth its char code minus 48 (so "0".."9" are 0..9 and "A" is 17, as the alphanumeric CNPJ defines).
 */
function mod11CheckDigit(chars: string): number {
  let sum = 0;
  for (let i = 0; i < chars.length; i++) {
    const weight = 2 + ((chars.length - 1 - i) % 8);
    sum += (chars.charCodeAt(i) - 48) * weight;
  }
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

/** The two check digits of a 12-character CNPJ base (root + branch). */
export function cnpjCheckDigits(base: string): string {
  const first = mod11CheckDigit(base);
  const second = mod11CheckDigit(`${base}${first}`);
  return `${first}${second}`;
}

/** Letters and digits only, uppercase: "12.345.678/0001-95" → "12345678000195". */
export function normalizeCnpj(value: string): string {
  return value.replace(/[^0-9A-Za-z]/g, "").toUpperCase();
}

/** Formatted (00.000.000/0000-00) or bare, numeric or alphanumeric, with correct check digits. */
export function isValidCnpj(value: string): boolean {
  const cnpj = value.trim().replace(CNPJ_SEPARATORS, "").toUpperCase();
  if (!CNPJ_PATTERN.test(cnpj) || ONE_REPEATED_CHARACTER.test(cnpj)) return false;
  return cnpj.slice(12) === cnpjCheckDigits(cnpj.slice(0, 12));
}

/** "12345678000195" → "12.345.678/0001-95"; anything that is not 14 characters comes back normalized only. */
export function formatCnpj(value: string): string {
  const cnpj = normalizeCnpj(value);
  if (cnpj.length !== 14) return cnpj;
  return `${cnpj.slice(0, 2)}.${cnpj.slice(2, 5)}.${cnpj.slice(5, 8)}/${cnpj.slice(8, 12)}-${cnpj.slice(12)}`;
}

/** Accepts a formatted or bare CNPJ with valid check digits; outputs the normalized 14 characters. */
export const cnpjSchema = z
  .string()
  .refine(isValidCnpj, { error: issue("cnpj.invalid") })
  .overwrite(normalizeCnpj);

/** The 44th digit of an access key, computed from its first 43 characters. */
export function accessKeyCheckDigit(first43: string): number {
  return mod11CheckDigit(first43);
}

/** Format and check digit of a chave de acesso (NF-e / NFC-e / CT-e / MDF-e). */
export function isValidAccessKey(value: string): boolean {
  return ACCESS_KEY_PATTERN.test(value) && Number(value[43]) === accessKeyCheckDigit(value.slice(0, 43));
}

/** Format only (44 characters in the layout above); the check digit is not verified. */
export const accessKeySchema = z.string().regex(ACCESS_KEY_PATTERN, { error: issue("access_key.invalid") });
