import fc from "fast-check";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logIn, sessionCookieName } from "../../server/domain/agents/sessions.ts";
import { handleHealth } from "../../server/http/health.ts";
import { handleUploads } from "../../server/http/uploads.ts";
import { handleWidget } from "../../server/http/widget.ts";
import { createDiskStorage } from "../../server/storage/disk-storage.ts";
import { createTrpcHttpHandler, trpcHttpPrefix } from "../../server/trpc/http-handler.ts";
import { fuzzBackends, fuzzRuns, fuzzSeed, fuzzTimeoutMs } from "../fuzz/settings.ts";
import { realValuesOf, seedOrganizationA, snapshotOrganization } from "../fuzz/tenant-a.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant, testPassword } from "../support/fixtures.ts";

type Raw = { method: string; path: string; headers: Record<string, string>; body: Uint8Array | null };
type Answer = { status: number; headers: Record<string, string | string[] | undefined> };

const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

/**
 * Property-based fuzzing of the HTTP endpoints outside tRPC's router (health, the widget's config, panel, chat page
 * and preview, uploads and downloads) and of tRPC over HTTP (batches, GET inputs, the webhooks' test call), through
 * the same handler chain as server/node.ts. Invariants: never a 500, no row of organization A changes, still serving.
 */
describe.each(fuzzBackends())("fuzzing the HTTP endpoints on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let server: Server;
  let port: number;
  let root: string;
  let organizationA: string;
  let values: string[];
  let credentials: string[];
  const unhandled: string[] = [];

  beforeAll(async () => {
    world = await createTestWorld(backend);
    const a = await seedOrganizationA(world.deps);
    organizationA = a.tenant.organization.id;
    const b = await createTenant(world.deps, "Globex");
    const bVisitor = await b.visitor();
    await world.deps.db.site.update({ where: { id: b.site.id }, data: { allowedOrigins: ["https://globex.example"] } });
    const bAdmin = (await logIn(world.deps, { email: b.admin.email, password: testPassword })).token;
    // B's webhook points at a closed local port, so its test call fails fast, as a receiver that is down.
    await world.deps.db.webhook.create({
      data: { organizationId: b.organization.id, url: "http://127.0.0.1:9/hook", events: ["message.created"], secret: "s".repeat(32) },
    });
    values = [...(await realValuesOf(world.deps, organizationA)), ...(await realValuesOf(world.deps, b.organization.id))];
    credentials = [
      `Bearer ${bVisitor.token}`,
      `Bearer ${a.tenant.site.siteKey}`,
      "Bearer pk_fuzz",
      "Basic Zm9vOmJhcg==",
      `cookie:${sessionCookieName}=${bAdmin}`,
    ];

    root = mkdtempSync(join(tmpdir(), "parley-fuzz-"));
    const storage = createDiskStorage(root);
    const handleTrpc = createTrpcHttpHandler(world.deps);
    // server/node.ts's chain without Next: a thrown error here is what production answers with a 500.
    server = createServer(async (req, res) => {
      try {
        if (await handleHealth(world.deps, () => false, req, res)) return;
        if (await handleWidget(world.deps, req, res)) return;
        if (await handleUploads(world.deps, storage, req, res)) return;
        if (req.url?.startsWith(trpcHttpPrefix)) return handleTrpc(req, res);
        res.writeHead(404).end();
      } catch (error) {
        unhandled.push(`${req.method} ${req.url}: ${error instanceof Error ? error.stack : String(error)}`);
        if (!res.headersSent) res.writeHead(500).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  }, 60_000);
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await world?.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** One raw request; null when the client itself refuses it (a header Node will not send is no test of the server). */
  function send(raw: Raw): Promise<Answer | null> {
    return new Promise((resolve, reject) => {
      let req;
      try {
        req = request({ host: "127.0.0.1", port, method: raw.method, path: raw.path, headers: raw.headers, timeout: 10_000 }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
          res.on("error", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
        });
      } catch {
        return resolve(null);
      }
      req.on("timeout", () => req.destroy(new Error(`no answer to ${raw.method} ${raw.path} in 10 s`)));
      req.on("error", (error: NodeJS.ErrnoException) =>
        error.code === "ECONNRESET" || error.code === "EPIPE" ? resolve(null) : reject(error),
      );
      if (raw.body) req.write(raw.body);
      req.end();
    });
  }

  /** Made once the world exists: the pieces draw on its real ids and credentials. */
  const arbitraries = () => {
    // Pieces requests are made of: real ids, odd text, percent-encodings that do not decode.
    const text = () =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...values) },
        fc.constantFrom(
          "",
          "demo",
          "%",
          "%E0%A4%A",
          "%FF",
          "..%2F..%2Fetc%2Fpasswd",
          "a".repeat(3000),
          "%00",
          "{",
          "[]",
          "null",
          "https://globex.example",
          "zh-CN",
        ),
        fc.string({ maxLength: 30 }).map(encodeURIComponent),
        fc.string({ unit: "binary", maxLength: 20 }).map(encodeURIComponent),
      );
    const query = (keys: string[]) =>
      fc
        .dictionary(
          fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...keys) }, fc.string({ maxLength: 6 }).map(encodeURIComponent)),
          text(),
          { maxKeys: 5 },
        )
        .map((q) =>
          Object.entries(q)
            .map(([k, v]) => `${k}=${v}`)
            .join("&"),
        );
    const headers = fc.record(
      {
        origin: fc.constantFrom(
          "https://shop.example",
          "https://globex.example",
          "null",
          "http://evil.example",
          "https://shop.example.evil",
        ),
        authorization: fc.constantFrom(...credentials.filter((c) => !c.startsWith("cookie:"))),
        cookie: fc.oneof(
          fc.constantFrom(...credentials.filter((c) => c.startsWith("cookie:")).map((c) => c.slice(7))),
          fc.constantFrom(`${sessionCookieName}=x`, "a=%E0%A4%A"),
        ),
        "content-type": fc.constantFrom(
          "image/png",
          "application/json",
          "text/plain",
          "application/pdf",
          "multipart/form-data; boundary=x",
          "",
          "image/png; charset=\u00ff",
        ),
        "x-file-name": fc.oneof(fc.constantFrom("photo.png", "%E0%A4%A", "a".repeat(300), "..%2Fx.png", "invoice%E2%80%AEfdp.exe"), text()),
        "x-client-msg-id": fc.oneof(fc.constantFrom("01JDQ4Y5M7X9R6Z3A2B1C0D9E8", "", "x"), text()),
        "x-conversation-id": text(),
        "accept-language": fc.constantFrom("zh-CN,zh;q=0.9", "en", "*", ""),
        "x-forwarded-for": fc.constantFrom("1.2.3.4", "::1", "garbage, 5.6.7.8", ""),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.constant(null),
      fc.uint8Array({ maxLength: 2048 }),
      fc.constant(new Uint8Array(png)),
      fc.jsonValue({ maxDepth: 3 }).map((v) => new TextEncoder().encode(JSON.stringify(v))),
    );
    /** Mostly the methods an endpoint serves, sometimes any. */
    const method = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom("GET", "POST") },
      fc.constantFrom("HEAD", "PUT", "DELETE", "OPTIONS", "PATCH"),
    );
    const trpcPaths = [
      "admin.webhooks.sendTest",
      "admin.webhooks.deliveries",
      "widget.session",
      "visitor.send",
      "visitor.thread",
      "auth.login",
      "agent.messages",
      "nope.nothing",
    ];

    const families: Record<string, fc.Arbitrary<string>> = {
      "health and readiness": fc.tuple(fc.constantFrom("/healthz", "/readyz"), query(["a"])).map(([p, q]) => `${p}?${q}`),
      "widget config, panel, preview and chat page": fc.oneof(
        fc
          .tuple(
            fc.constantFrom("/widget/config", "/widget/panel", "/widget/preview"),
            query(["site", "host", "locale", "preview", "open", "deviceId"]),
          )
          .map(([p, q]) => `${p}?${q}`),
        fc.tuple(text(), query(["deviceId", "locale"])).map(([key, q]) => `/chat/${key}?${q}`),
      ),
      "uploads and downloads": fc.oneof(
        fc.constant("/api/uploads"),
        text().map((id) => `/api/uploads/${id}`),
        fc.constantFrom("/api/uploads/", "/api/uploads/a0123456789abcdef01234567"),
      ),
      "tRPC over HTTP: batches, GET inputs, the webhooks' test call": fc
        .tuple(fc.array(fc.constantFrom(...trpcPaths), { minLength: 1, maxLength: 4 }), fc.boolean(), text())
        .map(([paths, batch, input]) => `${trpcHttpPrefix}${paths.join(",")}?${batch ? "batch=1&" : ""}input=${input}`),
    };
    return { method, headers, body, families };
  };
  const familyNames = [
    "health and readiness",
    "widget config, panel, preview and chat page",
    "uploads and downloads",
    "tRPC over HTTP: batches, GET inputs, the webhooks' test call",
  ];

  /** Requests the fuzzer once found a 500 with: replayed first on every run. */
  const found: Record<string, Raw[]> = {
    "widget config, panel, preview and chat page": [{ method: "GET", path: "/chat/%E0%A4%A?", headers: {}, body: null }],
  };

  for (const family of familyNames) {
    it(
      family,
      async () => {
        const { method, headers, body, families } = arbitraries();
        const path = families[family]!;
        const before = await snapshotOrganization(world.deps, organizationA);
        await fc.assert(
          fc.asyncProperty(fc.record({ method, path, headers, body }), async (raw) => {
            const answer = await send({ ...raw, body: raw.method === "GET" || raw.method === "HEAD" ? null : raw.body });
            const thrown = unhandled.splice(0);
            if (answer?.status === 500 || thrown.length > 0)
              throw new Error(`HTTP ${answer?.status} for ${raw.method} ${raw.path}\n${thrown.join("\n")}`);
          }),
          { seed: fuzzSeed, numRuns: fuzzRuns("http"), examples: (found[family] ?? []).map((raw) => [raw]) },
        );
        expect(await snapshotOrganization(world.deps, organizationA)).toEqual(before);
        expect((await send({ method: "GET", path: "/healthz", headers: {}, body: null }))?.status).toBe(200);
      },
      fuzzTimeoutMs,
    );
  }
});
