// "Copiar como curl" on the delivery page: the body as it was sent, with the Content-Type its format needs.
import { describe, expect, it } from "vitest";
import { bodyFormatOf, curlCommand } from "@/components/deliveries/format";

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
