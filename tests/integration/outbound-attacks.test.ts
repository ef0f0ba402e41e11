import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streamChat, type LlmEndpoint } from "../../server/domain/bot/llm.ts";
import type { Deps } from "../../server/domain/deps.ts";
import { isPublicAddress } from "../../server/domain/network/address-range.ts";
import type { OutboundNetwork, Resolver } from "../../server/domain/network/outbound-policy.ts";
import { dispatchDueDeliveries } from "../../server/domain/webhooks/dispatch.ts";
import { agentCallerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { startFakeLlm } from "../support/fake-llm.ts";
import { createTenant, testPassword } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

/**
 * The attacks on outbound requests, performed for real over loopback. 127.0.0.2 plays "a public host on the
 * internet" (the test's address rule says so); 127.0.0.1 is the server's own machine, which must stay out of reach
 * with WEBHOOK_ALLOW_PRIVATE / LLM_ALLOW_PRIVATE off.
 */
const publicHost = "127.0.0.2";
const isPublic = (address: string) => address === publicHost || isPublicAddress(address);

type Hit = { host: string; path: string };

async function listen(host: string, port: number, handler: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, host, () => resolve()));
  return server;
}

/** The same port on both addresses, so that only the address decides which one a connection reaches. */
async function startPair(publicHandler: Parameters<typeof createServer>[1]) {
  const hits: Hit[] = [];
  const record =
    (host: string): Parameters<typeof createServer>[1] =>
    (req, res) => {
      hits.push({ host, path: req.url ?? "" });
      req.resume().on("end", () => res.writeHead(200, { "content-type": "text/plain" }).end(`internal answer from ${host}`));
    };
  const internal = await listen("127.0.0.1", 0, record("internal"));
  const port = (internal.address() as AddressInfo).port;
  const outside = await listen(publicHost, port, (req, res) => {
    hits.push({ host: "public", path: req.url ?? "" });
    publicHandler!(req, res);
  });
  return {
    port,
    hits,
    close: () => Promise.all([internal, outside].map((server) => new Promise((resolve) => server.close(resolve)))),
  };
}

/** A resolver whose answers for a name change from one lookup to the next (the last answer repeats). */
function rebinding(answers: Record<string, string[][]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    const queue = answers[host];
    if (!queue) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return queue.length > 1 ? queue.shift()! : queue[0]!;
  };
  return Object.assign(resolve, { calls });
}

describe("the bot's LLM client", () => {
  let llm: Awaited<ReturnType<typeof startFakeLlm>>;
  let pair: Awaited<ReturnType<typeof startPair>>;
  const turns = [{ role: "user" as const, content: "what is in the internal service?" }];
  const limits = { allowPrivate: false, firstTokenTimeoutMs: 2_000, totalTimeoutMs: 4_000 };
  beforeAll(async () => {
    llm = await startFakeLlm(); // the "internal service", on 127.0.0.1
    llm.respond({ kind: "stream", tokens: ["INTERNAL ", "SECRET"] });
    pair = await startPair((req, res) => {
      // An allowed host that answers every call with a 307 into the server's own machine.
      req.resume().on("end", () => res.writeHead(307, { location: `${llm.baseUrl}/chat/completions` }).end());
    });
  });
  afterAll(async () => {
    await llm?.close();
    await pair?.close();
  });

  it("does not follow a 307 from an allowed host to 127.0.0.1", async () => {
    const network: OutboundNetwork = { isPublic, resolve: rebinding({ "llm.example": [[publicHost]] }) };
    const endpoint: LlmEndpoint = {
      baseUrl: `http://llm.example:${pair.port}/v1`,
      apiKey: "sk-test",
      model: "m",
      temperature: 0,
      maxTokens: 16,
    };
    const before = llm.requests.length;
    const result = await streamChat(endpoint, turns, { ...limits, network });
    expect(result).toMatchObject({ ok: false, error: "failed" });
    expect(pair.hits.filter((hit) => hit.host === "public").length).toBeGreaterThan(0); // the first hop was made
    expect(llm.requests.length).toBe(before); // the hop inside was not

    // The same call with LLM_ALLOW_PRIVATE=1 follows the redirect: the refusal above is the guard, not a broken client.
    const allowed = await streamChat(endpoint, turns, { ...limits, allowPrivate: true, network });
    expect(allowed).toMatchObject({ ok: true, text: "INTERNAL SECRET" });
  });

  it("connects to the address it checked: a name that answers public, then loopback, never reaches loopback", async () => {
    const resolve = rebinding({ "rebind.example": [[publicHost], ["127.0.0.1"]] });
    const endpoint: LlmEndpoint = {
      baseUrl: `http://rebind.example:${pair.port}/v1`,
      apiKey: null,
      model: "m",
      temperature: 0,
      maxTokens: 16,
    };
    const internalBefore = pair.hits.filter((hit) => hit.host === "internal").length;
    await streamChat(endpoint, turns, { ...limits, network: { isPublic, resolve } });
    await streamChat(endpoint, turns, { ...limits, network: { isPublic, resolve } });
    expect(pair.hits.filter((hit) => hit.host === "internal").length).toBe(internalBefore);
    expect(resolve.calls.filter((host) => host === "rebind.example")).toHaveLength(2); // once per connection
  });
});

describe.each(backends())("webhook deliveries on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let pair: Awaited<ReturnType<typeof startPair>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    pair = await startPair((req, res) => {
      if (req.url === "/bounce")
        return void req.resume().on("end", () => res.writeHead(307, { location: `http://127.0.0.1:${pair.port}/inside` }).end());
      req.resume().on("end", () => res.writeHead(204).end());
    });
  });
  afterAll(async () => {
    await pair?.close();
    await world?.close();
  });

  async function hookTo(deps: Deps, url: string) {
    const tenant = await createTenant(deps);
    const admin = await agentCallerFor(deps, tenant.admin.email, testPassword);
    const hook = await admin.admin.webhooks.create({ url, events: ["message.created"] });
    await admin.admin.webhooks.sendTest({ id: hook.id });
    return { admin, hook };
  }

  it("DNS rebinding: checked public when saved, loopback when delivering: refused, nothing reaches 127.0.0.1", async () => {
    const resolve = rebinding({ "hooks.example": [[publicHost], ["127.0.0.1"]] });
    const deps: Deps = { ...world.deps, allowPrivateWebhooks: false, outboundNetwork: { isPublic, resolve } };
    const { admin, hook } = await hookTo(deps, `http://hooks.example:${pair.port}/hook`);
    const internalBefore = pair.hits.filter((hit) => hit.host === "internal").length;
    await dispatchDueDeliveries(deps);
    expect(pair.hits.filter((hit) => hit.host === "internal").length).toBe(internalBefore);
    const [delivery] = await admin.admin.webhooks.deliveries({ webhookId: hook.id });
    expect(delivery).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: "hooks.example is an internal address; only public ones may be called (set WEBHOOK_ALLOW_PRIVATE=1 to allow)",
    });
  });

  it("a name that stays public is delivered, to exactly the address that was checked", async () => {
    const resolve = rebinding({ "good.example": [[publicHost]] });
    const deps: Deps = { ...world.deps, allowPrivateWebhooks: false, outboundNetwork: { isPublic, resolve } };
    const { admin, hook } = await hookTo(deps, `http://good.example:${pair.port}/ok`);
    await dispatchDueDeliveries(deps);
    expect(pair.hits.at(-1)).toEqual({ host: "public", path: "/ok" });
    expect((await admin.admin.webhooks.deliveries({ webhookId: hook.id }))[0]).toMatchObject({ status: "succeeded", lastStatusCode: 204 });
  });

  it("a 307 from an allowed receiver to 127.0.0.1 is recorded, not followed", async () => {
    const resolve = rebinding({ "bounce.example": [[publicHost]] });
    const deps: Deps = { ...world.deps, allowPrivateWebhooks: false, outboundNetwork: { isPublic, resolve } };
    const { admin, hook } = await hookTo(deps, `http://bounce.example:${pair.port}/bounce`);
    await dispatchDueDeliveries(deps);
    expect(pair.hits.some((hit) => hit.path === "/inside")).toBe(false);
    expect((await admin.admin.webhooks.deliveries({ webhookId: hook.id }))[0]).toMatchObject({ status: "pending", lastStatusCode: 307 });
  });

  it("names that do not resolve, or resolve to a gap of the old list, are refused when saved", async () => {
    const resolve = rebinding({
      "bench.example": [["198.18.0.7"]],
      "nat64.example": [["64:ff9b::a00:1"]],
      "compat.example": [["::7f00:1"]],
    });
    const deps: Deps = { ...world.deps, allowPrivateWebhooks: false, outboundNetwork: { isPublic, resolve } };
    const tenant = await createTenant(deps);
    const admin = await agentCallerFor(deps, tenant.admin.email, testPassword);
    const cases: [string, RegExp][] = [
      ["http://localhost./hook", /^localhost\. is an internal address/],
      ["http://nowhere.example/hook", /^nowhere\.example does not resolve/],
      ["http://bench.example/hook", /^bench\.example is an internal address/],
      ["http://nat64.example/hook", /^nat64\.example is an internal address/],
      ["http://compat.example/hook", /^compat\.example is an internal address/],
      ["http://[::7f00:1]:6379/", /^::7f00:1 is an internal address/],
      ["http://[64:ff9b::a00:1]/", /is an internal address/],
      ["http://224.0.0.1/", /is an internal address/],
      ["http://255.255.255.255/", /is an internal address/],
      ["http://192.0.2.1/", /is an internal address/],
    ];
    for (const [url, message] of cases) {
      await expect(admin.admin.webhooks.create({ url, events: ["message.created"] }), url).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringMatching(message),
      });
    }
  });
});
