import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

const KEY = Buffer.alloc(32, 7).toString("base64");

describe("parseEnv", () => {
  it("starts with nothing set: port 3000, data in ./.data, worker on, private URLs refused", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATA_DIR).toBe(path.resolve(".data"));
    expect(path.isAbsolute(env.DATA_DIR)).toBe(true);
    expect(env.RUN_WORKER).toBe(true);
    expect(env.ALLOW_PRIVATE_WEBHOOK_URLS).toBe(false);
    expect(env.WEBHOOK_RETRY_SCHEDULE).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("treats empty strings as unset", () => {
    const env = parseEnv({ PORT: "", DATABASE_URL: "" });
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("reads the values it is given", () => {
    const env = parseEnv({
      PORT: "4123",
      DATA_DIR: "/tmp/nfe-data",
      DATABASE_URL: "postgresql://app:pw@127.0.0.1:5432/app",
      ENCRYPTION_KEY: KEY,
      RUN_WORKER: "false",
    });
    expect(env).toMatchObject({
      PORT: 4123,
      DATA_DIR: "/tmp/nfe-data",
      DATABASE_URL: "postgresql://app:pw@127.0.0.1:5432/app",
      ENCRYPTION_KEY: KEY,
      RUN_WORKER: false,
    });
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "0"],
    ["DATABASE_URL", "mysql://root@localhost/app"],
    ["ENCRYPTION_KEY", Buffer.alloc(16).toString("base64")],
    ["ENCRYPTION_KEY", KEY.slice(0, -2)],
    ["WEBHOOK_RETRY_SCHEDULE", "1,x"],
    ["WEBHOOK_RETRY_SCHEDULE", "1,,2"],
    ["ALLOW_PRIVATE_WEBHOOK_URLS", "yes"],
    ["RUN_WORKER", "maybe"],
    ["NEXTAUTH_SECRET", "short"],
  ])("refuses %s=%s, naming the variable", (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(EnvError);
    expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(`^\\s+${name}: `, "m"));
  });

  it("names every bad variable at once", () => {
    const error = (() => {
      try {
        parseEnv({ PORT: "abc", DATABASE_URL: "mysql://x" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(EnvError);
    expect(error?.message).toMatch(/PORT: /);
    expect(error?.message).toMatch(/DATABASE_URL: must be a postgres/);
  });

  it("parses WEBHOOK_RETRY_SCHEDULE as seconds", () => {
    expect(parseEnv({ WEBHOOK_RETRY_SCHEDULE: "1,1,1" }).WEBHOOK_RETRY_SCHEDULE).toEqual([1, 1, 1]);
    expect(parseEnv({ WEBHOOK_RETRY_SCHEDULE: " 5, 300 ,1800" }).WEBHOOK_RETRY_SCHEDULE).toEqual([5, 300, 1800]);
  });

  it.each([
    ["true", true],
    ["1", true],
    ["false", false],
    ["0", false],
  ])("reads ALLOW_PRIVATE_WEBHOOK_URLS=%s as %s", (value, expected) => {
    expect(parseEnv({ ALLOW_PRIVATE_WEBHOOK_URLS: value }).ALLOW_PRIVATE_WEBHOOK_URLS).toBe(expected);
  });
});
