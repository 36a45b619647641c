import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateSecret, sign, signatureHeader, webhookHeaders } from "./signing";

const body = JSON.stringify({ type: "nfe.authorized", timestamp: "2026-01-02T03:04:05Z", data: { number: 42 } });
const now = () => Math.floor(Date.now() / 1000);

describe("generateSecret", () => {
  it.each([24, 32, 64])("makes a whsec_ secret of %i random bytes", (bytes) => {
    const secret = generateSecret(bytes);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(bytes);
  });

  it("defaults to 32 bytes and never repeats", () => {
    const [a, b] = [generateSecret(), generateSecret()];
    expect(Buffer.from(a.slice(6), "base64")).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it.each([0, 23, 65, 32.5])("refuses %s bytes", (bytes) => {
    expect(() => generateSecret(bytes)).toThrow(RangeError);
  });
});

describe("sign", () => {
  it("matches the published Standard Webhooks example", () => {
    const signature = sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}');
    expect(signature).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("refuses secrets without the whsec_ prefix and fractional timestamps", () => {
    expect(() => sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1, "{}")).toThrow(TypeError);
    expect(() => sign(generateSecret(), "msg_1", 1.5, "{}")).toThrow(TypeError);
  });
});

describe("webhookHeaders", () => {
  it("produces headers a Standard Webhooks receiver accepts", () => {
    const secret = generateSecret();
    const timestampSeconds = now();
    const headers = webhookHeaders({ msgId: "msg_abc", timestampSeconds, body, secrets: [secret] });
    expect(headers["webhook-id"]).toBe("msg_abc");
    expect(headers["webhook-timestamp"]).toBe(String(timestampSeconds));
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("during rotation signs with both secrets, current first, and each verifies", () => {
    const [current, previous] = [generateSecret(), generateSecret(48)];
    const headers = webhookHeaders({ msgId: "msg_rot", timestampSeconds: now(), body, secrets: [current, previous] });
    const signatures = headers["webhook-signature"].split(" ");
    expect(signatures).toHaveLength(2);
    expect(signatures[0]).toBe(sign(current, "msg_rot", Number(headers["webhook-timestamp"]), body));
    expect(() => new Webhook(current).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
  });

  it("is rejected for a secret that did not sign it", () => {
    const headers = webhookHeaders({ msgId: "msg_x", timestampSeconds: now(), body, secrets: [generateSecret()] });
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow();
  });

  it("is rejected when the body was tampered with", () => {
    const secret = generateSecret();
    const headers = webhookHeaders({ msgId: "msg_t", timestampSeconds: now(), body, secrets: [secret] });
    expect(() => new Webhook(secret).verify(body.replace("42", "43"), headers)).toThrow();
  });

  it("needs at least one secret", () => {
    expect(() => signatureHeader([], "msg_1", now(), body)).toThrow(TypeError);
  });
});
