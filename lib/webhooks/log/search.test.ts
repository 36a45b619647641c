import { describe, expect, it } from "vitest";
import { classifySearch } from "@/lib/webhooks/log/search";

const ACCESS_KEY = "35261112345678000195550010000042421102938472";

describe("classifySearch: what the log's search box text names", () => {
  it.each([
    ["nothing", undefined, { kind: "none" }],
    ["an empty box", "", { kind: "none" }],
    ["blanks", "   ", { kind: "none" }],
    ["an access key", ACCESS_KEY, { kind: "access_key", value: ACCESS_KEY }],
    [
      "an access key as printed on a DANFE",
      "3526 1112 3456 7800 0195 5500 1000 0042 4211 0293 8472",
      { kind: "access_key", value: ACCESS_KEY },
    ],
    ["an access key with surrounding blanks", `  ${ACCESS_KEY}\n`, { kind: "access_key", value: ACCESS_KEY }],
    ["a formatted CNPJ", "12.345.678/0001-95", { kind: "cnpj", value: "12345678000195" }],
    ["a CNPJ in digits", "12345678000195", { kind: "cnpj", value: "12345678000195" }],
    ["a formatted alphanumeric CNPJ in lower case", "12.abc.345/01de-35", { kind: "cnpj", value: "12ABC34501DE35" }],
    ["a bare alphanumeric CNPJ", "12ABC34501DE35", { kind: "cnpj", value: "12ABC34501DE35" }],
    ["an invoice number", "4242", { kind: "number", value: "4242" }],
    ["an NFS-e number", "98080986123", { kind: "number", value: "98080986123" }],
    [
      "an event id in upper case",
      "0F8FAD5B-D9CB-469F-A165-70867728950E",
      { kind: "event_id", value: "0f8fad5b-d9cb-469f-a165-70867728950e" },
    ],
    ["a webhook-id", "msg_0F8FAD5BD9CB469FA16570867728950E", { kind: "delivery_id", value: "0f8fad5b-d9cb-469f-a165-70867728950e" }],
    ["a webhook-id with a hex digit missing", "msg_0f8fad5bd9cb469fa16570867728950", { kind: "unknown" }],
    ["a 43-digit key", ACCESS_KEY.slice(1), { kind: "unknown" }],
    ["a 45-digit key", `${ACCESS_KEY}1`, { kind: "unknown" }],
    ["a customer's name", "Padaria Pão Quente", { kind: "unknown" }],
    ["an SQL fragment", "' OR 1=1 --", { kind: "unknown" }],
  ])("%s", (_, text, expected) => {
    expect(classifySearch(text)).toEqual(expected);
  });
});
