// "Copiar como curl" on the delivery page: the body as it was sent, with the Content-Type its format needs.
import { describe, expect, it } from "vitest";
import { accessKeyTail, bodyFormatOf, curlCommand } from "@/components/deliveries/format";

describe("curlCommand", () => {
  const body = '{"event":{"type":"document_success"}}';

  it("replays the body as sent, with the headers the attempt recorded", () => {
    const curl = curlCommand(
      "https://erp.example.com/nfe",
      { "content-type": "application/json; charset=UTF-8", "webhook-id": "msg_1" },
      body,
      "fast_notas",
    );
    expect(curl).toBe(
      [
        "curl -X POST 'https://erp.example.com/nfe'",
        "  -H 'content-type: application/json; charset=UTF-8'",
        "  -H 'webhook-id: msg_1'",
        `  --data-raw '${body}'`,
      ].join(" \\\n"),
    );
  });

  it("sends a Fast Notas body as application/json; charset=UTF-8 when no Content-Type was recorded", () => {
    expect(curlCommand("https://erp.example.com/nfe", {}, body, "fast_notas+redacted")).toContain(
      "-H 'content-type: application/json; charset=UTF-8'",
    );
    expect(curlCommand("https://erp.example.com/nfe", {}, body, "emites")).toContain("-H 'content-type: application/json' \\");
  });
});

describe("bodyFormatOf", () => {
  it("reads the format and the redaction flag", () => {
    expect(bodyFormatOf("emites")).toEqual({ format: "emites", redacted: false });
    expect(bodyFormatOf("standard+redacted")).toEqual({ format: "standard", redacted: true });
  });
});

describe("accessKeyTail", () => {
  it("keeps the last 8 digits of a key: its number and check digit tell keys apart in a list", () => {
    expect(accessKeyTail("35261112345678000195550010000042421102938472")).toBe("02938472");
    expect(accessKeyTail("1234")).toBe("1234");
  });
});
