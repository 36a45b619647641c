import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const MESSAGES = path.join(import.meta.dirname, "messages");

const catalogFiles = (locale: string) => readdirSync(path.join(MESSAGES, locale)).filter((name) => name.endsWith(".json"));

/** "a.b.c" for every message in a catalog file, however deep. */
function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, nested]) => keysOf(nested, prefix ? `${prefix}.${key}` : key));
}

const keysIn = (locale: string, file: string) => new Set(keysOf(JSON.parse(readFileSync(path.join(MESSAGES, locale, file), "utf8"))));
const missing = (from: Set<string>, to: Set<string>) => [...from].filter((key) => !to.has(key));

describe("pt-BR and English catalogs", () => {
  it("have the same files", () => {
    expect(catalogFiles("en").sort()).toEqual(catalogFiles("pt-BR").sort());
  });

  describe.each(catalogFiles("pt-BR"))("%s", (file) => {
    it("has every pt-BR key in English", () => {
      expect(missing(keysIn("pt-BR", file), keysIn("en", file))).toEqual([]);
    });

    it("has every English key in pt-BR", () => {
      expect(missing(keysIn("en", file), keysIn("pt-BR", file))).toEqual([]);
    });
  });
});
