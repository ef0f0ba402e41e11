import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { reconnectPolicy } from "../../client/links/reconnect-policy.ts";
import { waitForReconnectSlot } from "../../client/links/reconnect-wait.ts";
import { closeCodes, closeReason } from "../../server/contracts/close-codes.ts";
import { reconnectWaitPath, type ReconnectSlot } from "../../server/contracts/reconnect.ts";
import { createReconnectTickets } from "../../server/http/reconnect-tickets.ts";
import { createReconnectWait } from "../../server/http/reconnect-wait.ts";
import { createAdmission } from "../../server/http/admission.ts";

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serveWait(wait: ReturnType<typeof createReconnectWait>) {
  const server = createServer((req, res) => {
    if (!wait.handle(req, res)) res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe("reconnect wait (server)", () => {
  it("holds clients while the node starts, then answers them in order as the admission rate reaches their slots", async () => {
    const wait = createReconnectWait({ pollMs: 5 });
    const base = await serveWait(wait);
    const asked = (count: number) => Array.from({ length: count }, () => fetch(`${base}${reconnectWaitPath}`));
    const first = asked(5);
    await until(() => wait.heldCount() === 5);
    let now = 0;
    const admission = createAdmission({ maxPerSecond: 2, now: () => now });
    let booked = 0;
    wait.open((withinMs) => {
      const retryAfterMs = admission.reserve(withinMs);
      return retryAfterMs === null ? null : { retryAfterMs, ticket: `t${booked++}` };
    });
    const slotsOf = (answers: Promise<Response>[]) =>
      Promise.all(answers.map(async (answer) => ((await answer).json() as Promise<ReconnectSlot>).then((slot) => slot.retryAfterMs)));
    // A second's worth now, then only what lies within the half-second horizon: the rest wait for the rate.
    await until(() => wait.heldCount() === 2);
    // A newcomer queues behind those still waiting, even when the clock reaches a free slot.
    const late = asked(1);
    await until(() => wait.heldCount() === 3);
    now = 1000;
    await until(() => wait.heldCount() === 1);
    // The first five are all answered by now; the one still held is the newcomer.
    expect((await slotsOf(first)).sort((a, b) => a - b)).toEqual([0, 0, 0, 500, 500]);
    now = 1500;
    expect(await slotsOf(late)).toEqual([500]);
    expect(booked).toBe(6);
    // Nobody waiting and a slot at hand: answered at once.
    now = 5000;
    expect(await slotsOf(asked(1))).toEqual([0]);
  });

  it("tells held and new clients to ask again while draining, and held ones past the hold time", async () => {
    const wait = createReconnectWait({ maxHoldMs: 50 });
    const base = await serveWait(wait);
    const timedOut = await fetch(`${base}${reconnectWaitPath}`);
    expect(timedOut.status).toBe(503);
    expect(timedOut.headers.get("retry-after-ms")).toBe("0");
    const held = fetch(`${base}${reconnectWaitPath}`);
    await until(() => wait.heldCount() === 1);
    wait.stop();
    const drained = await held;
    expect([drained.status, drained.headers.get("retry-after-ms")]).toEqual([503, "1000"]);
    expect((await fetch(`${base}${reconnectWaitPath}`)).status).toBe(503);
  });
});

describe("reconnect tickets", () => {
  it("admit once, near their slot, and only when signed with the install's secret", () => {
    let now = 100_000;
    const tickets = createReconnectTickets("s".repeat(32), () => now);
    const ticket = tickets.issue(105_000);
    expect(tickets.redeem(ticket)).toBe(false); // five seconds early
    now = 104_500;
    expect(tickets.redeem(ticket)).toBe(true);
    expect(tickets.redeem(ticket)).toBe(false); // used
    const other = createReconnectTickets("o".repeat(32), () => now);
    expect(tickets.redeem(other.issue(104_500))).toBe(false);
    const [slot, nonce, mac] = tickets.issue(104_500).split(".");
    expect(tickets.redeem(`${(104_000).toString(36)}.${nonce}.${mac}`)).toBe(false); // slot changed
    expect(tickets.redeem(`${slot}.${nonce}.${mac}`)).toBe(true);
    now = 200_000;
    expect(tickets.redeem(tickets.issue(150_000))).toBe(false); // long past
    expect(tickets.redeem(null)).toBe(false);
    expect(tickets.redeem("x.y.z")).toBe(false);
  });
});

describe("reconnect wait (client)", () => {
  const noSleep = async () => {};

  it("asks again while nothing answers or the server says later, and takes the slot once given", async () => {
    const asked: string[] = [];
    const answers: (() => Response)[] = [
      () => {
        throw new TypeError("fetch failed");
      },
      () => new Response("bad gateway", { status: 502 }),
      () => new Response("{}", { status: 503, headers: { "retry-after-ms": "0" } }),
      () => Response.json({ retryAfterMs: 750, ticket: "abc" }),
    ];
    const slept: number[] = [];
    const slot = await waitForReconnectSlot({
      baseUrl: "http://node.test/",
      sleep: async (ms) => void slept.push(ms),
      wanted: () => true,
      random: () => 0,
      fetch: async (url) => {
        asked.push(url);
        return answers.shift()!();
      },
    });
    expect(slot).toEqual({ retryAfterMs: 750, ticket: "abc" });
    expect(asked).toEqual(Array(4).fill(`http://node.test${reconnectWaitPath}`));
    expect(slept).toEqual([250, 250, 0]);
  });

  it("gives up for an older server without the wait, and when the client was closed", async () => {
    const old = await waitForReconnectSlot({
      baseUrl: "http://node.test",
      sleep: noSleep,
      wanted: () => true,
      fetch: async () => new Response("", { status: 404 }),
    });
    expect(old).toBeNull();
    let asks = 0;
    const closed = await waitForReconnectSlot({
      baseUrl: "http://node.test",
      sleep: noSleep,
      wanted: () => asks < 3,
      fetch: async () => {
        asks++;
        throw new TypeError("fetch failed");
      },
    });
    expect([closed, asks]).toEqual([null, 3]);
  });

  it("the policy asks the server only on a reconnect without a hint, shows the slot's ticket, and backs off when a socket fails after 'now'", async () => {
    const given: ReconnectSlot[] = [];
    const policy = reconnectPolicy(
      () => 0.1,
      {},
      async () => {
        const slot = { retryAfterMs: 0, ticket: `t${given.length}` };
        given.push(slot);
        return slot;
      },
    );
    // The first connect of a page asks nobody.
    expect(await policy.beforeConnect()).toBeNull();
    policy.onClose({ code: 1006 });
    policy.retryDelayMs(0);
    expect(await policy.beforeConnect()).toBe("t0");
    // That socket failed although the server had said "now": its own backoff (200 ms at attempt 1) before the slot.
    policy.onClose({ code: 1006 });
    policy.retryDelayMs(1);
    const next = policy.beforeConnect();
    expect(await Promise.race([next, new Promise((resolve) => setTimeout(() => resolve("waiting"), 50))])).toBe("waiting");
    expect(await next).toBe("t1");
    // A hint is slept, not asked about; a 1013's ticket is shown on the next socket.
    policy.onClose({
      code: closeCodes.tryAgainLater,
      reason: closeReason({ reason: "try_again_later", retryAfterMs: 0, ticket: "from-close" }),
    });
    policy.retryDelayMs(0);
    expect(await policy.beforeConnect()).toBe("from-close");
    expect(given).toHaveLength(2);
  });
});
