import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IncomingMessage } from "node:http";
import { clientAddress } from "../../server/http/request.ts";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/config.ts";

const dataDir = () => mkdtempSync(join(tmpdir(), "parley-config-"));

describe("loadConfig", () => {
  it("defaults to the embedded mode: SQLite under DATA_DIR, in-process bus, a kept session secret", () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({ embedded: true, port: 3000, databaseUrl: `file:${join(dir, "parley.db")}`, seedDemo: true });
    expect(config.redisUrl).toBeUndefined();
    expect(config.sessionSecret).toBe(readFileSync(join(dir, "session-secret"), "utf8"));
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(config.sessionSecret);
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: "", REDIS_URL: "", PORT: "" })).toMatchObject({ embedded: true, port: 3000 });
  });

  it.each([
    [{ PORT: "http" }, /^Invalid PORT: /],
    [{ PORT: "70000" }, /^Invalid PORT: /],
    [{ DATABASE_URL: "postgres://x/y" }, /^Invalid DATABASE_URL: expected mysql:\/\/user@host:port\/database or file:path\/to.db$/],
    [{ REDIS_URL: "localhost:6379" }, /^Invalid REDIS_URL: expected redis:\/\/host:port$/],
    [{ SESSION_SECRET: "short" }, /^Invalid SESSION_SECRET: must be at least 32 characters$/],
    [{ PUBLIC_URL: "ftp://example.com" }, /^Invalid PUBLIC_URL: /],
    [{ NODE_ENV: "production", DATABASE_URL: "mysql://root@db:3306/parley" }, /^Invalid SESSION_SECRET: required in production/],
    [{ WORKERS: "4" }, /^Invalid WORKERS: more than one worker needs DATABASE_URL \(MySQL\) and REDIS_URL/],
    [{ WORKERS: "0" }, /^Invalid WORKERS: /],
    [{ PUBLIC_SIGNUP: "yes" }, /^Invalid PUBLIC_SIGNUP: expected 0 or 1$/],
    [{ TRUST_PROXY: "true" }, /^Invalid TRUST_PROXY: expected 0 or 1$/],
  ])("stops with one line naming the variable: %o", (env, message) => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrowError(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrowError(message);
  });

  it("production with MySQL, Redis and a secret", () => {
    const config = loadConfig({
      NODE_ENV: "production",
      DATABASE_URL: "mysql://root@db:3306/parley",
      REDIS_URL: "redis://cache:6379",
      SESSION_SECRET: "s".repeat(40),
      PUBLIC_URL: "https://chat.example.com/",
    });
    expect(config).toMatchObject({ embedded: false, production: true, seedDemo: false, publicUrl: "https://chat.example.com" });
    expect(config).toMatchObject({ publicSignup: true, trustProxy: false });
  });

  it("takes the client address from X-Forwarded-For only when told the proxy is ours", () => {
    const request = (forwarded?: string) =>
      ({
        headers: forwarded ? { "x-forwarded-for": forwarded } : {},
        socket: { remoteAddress: "127.0.0.1" },
      }) as unknown as IncomingMessage;
    // A client can send its own X-Forwarded-For; our nginx appends the address it saw, so only the last entry counts.
    expect(clientAddress(request("6.6.6.6, 203.0.113.9"), true)).toBe("203.0.113.9");
    expect(clientAddress(request("6.6.6.6, 203.0.113.9"), false)).toBe("127.0.0.1");
    expect(clientAddress(request(), true)).toBe("127.0.0.1");
  });
});

describe("loadConfig: limits", () => {
  it("has the documented defaults, takes upload budgets in MB, and names a bad value", () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).limits).toEqual({
      loginFailuresBeforeDelay: 5,
      loginMaxDelaySeconds: 900,
      loginFailuresPerIpPerDay: 30,
      uploadBytesPerVisitorPerHour: 50 * 1024 * 1024,
      uploadFilesPerVisitorPerHour: 30,
      uploadBytesPerIpPerHour: 200 * 1024 * 1024,
      uploadFilesPerIpPerHour: 120,
      sessionsPerIpPerMinute: 60,
      messagesPerVisitorPerMinute: 30,
    });
    const custom = loadConfig({ DATA_DIR: dataDir(), UPLOAD_MB_PER_VISITOR_PER_HOUR: "5", MESSAGES_PER_VISITOR_PER_MINUTE: "100" });
    expect(custom.limits).toMatchObject({ uploadBytesPerVisitorPerHour: 5 * 1024 * 1024, messagesPerVisitorPerMinute: 100 });
    expect(() => loadConfig({ DATA_DIR: dataDir(), SESSIONS_PER_IP_PER_MINUTE: "0" })).toThrow(/^Invalid SESSIONS_PER_IP_PER_MINUTE: /);
    expect(() => loadConfig({ DATA_DIR: dataDir(), LOGIN_FAILURES_PER_IP_PER_DAY: "lots" })).toThrow(ConfigError);
  });
});
