import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage } from "@/lib/i18n/config";

describe("the language of a first visit (Accept-Language)", () => {
  it.each([
    ["en-US,en;q=0.9", "en"],
    ["en", "en"],
    ["EN-gb", "en"],
    ["pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7", "pt-BR"],
    ["pt-PT", "pt-BR"],
    ["fr-FR,fr;q=0.9,en;q=0.8", "en"],
    ["fr-FR,fr;q=0.9", "pt-BR"],
    ["de;q=0.9,pt;q=0.5,en;q=0.4", "pt-BR"],
    ["en;q=0.3,pt-BR;q=0.8", "pt-BR"],
    ["pt;q=0,en;q=0.1", "en"],
    ["*", "pt-BR"],
    ["", "pt-BR"],
    [null, "pt-BR"],
  ])("%s → %s", (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });
});
