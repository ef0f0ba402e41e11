import type { AddressInfo } from "node:net";
import { createTRPCClient } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { resilientLinks } from "../../client/links/resilient-links.ts";
import { followServerHeartbeat } from "../../client/links/server-heartbeat.ts";
import { afterFailureParam, heartbeatNotice, parseHeartbeatNotice, type Heartbeat } from "../../server/contracts/heartbeat.ts";
import type { AppRouter } from "../../server/trpc/router.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant } from "../support/fixtures.ts";
import { startWsServer } from "../support/ws-server.ts";

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 10_000;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

/** Intervals short enough that many heartbeats pass within a test; the real ones are 25 s / 10 s / 10 s. */
const quick = { idleIntervalMs: 300, activeIntervalMs: 100, pongWaitMs: 700, activeWindowMs: 250 };

/** A `ws` client class that records every text frame it receives. */
function recordingSocket(frames: string[]) {
  return class Recording extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols);
      this.on("message", (data) => frames.push(String(data)));
    }
  };
}

describe("clients follow the heartbeat the server tells", () => {
  let wss: WebSocketServer;
  let url: string;
  let behaviour: (socket: WebSocket) => void = () => {};
  beforeAll(async () => {
    wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise((resolve) => wss.once("listening", resolve));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    wss.on("connection", (socket) => behaviour(socket));
  });
  afterAll(() => new Promise((resolve) => wss.close(resolve)));

  it("closes a socket the server went silent on after the told interval plus answer wait, not its own 35 s", async () => {
    behaviour = (socket) => socket.send(heartbeatNotice({ intervalMs: 30, timeoutMs: 30 }));
    const told: Heartbeat[] = [];
    const Socket = followServerHeartbeat(WebSocket as unknown as typeof globalThis.WebSocket, (heartbeat) => told.push(heartbeat));
    const socket = new Socket(url);
    await new Promise((resolve) => socket.addEventListener("close", resolve));
    expect(told).toEqual([{ intervalMs: 30, timeoutMs: 30 }]);
  });

  it("keeps a socket the server keeps pinging within the told interval", async () => {
    const timers: ReturnType<typeof setInterval>[] = [];
    behaviour = (socket) => {
      socket.send(heartbeatNotice({ intervalMs: 40, timeoutMs: 40 }));
      timers.push(setInterval(() => socket.send("PING"), 20));
    };
    const frames: string[] = [];
    const Socket = followServerHeartbeat(recordingSocket(frames) as unknown as typeof globalThis.WebSocket);
    const socket = new Socket(url);
    let closed = false;
    socket.addEventListener("close", () => (closed = true));
    await until(() => frames.filter((frame) => frame === "PING").length >= 10);
    expect(closed).toBe(false);
    timers.forEach(clearInterval);
    socket.close();
  });
});

describe("the tRPC endpoint's heartbeat", () => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let server: Awaited<ReturnType<typeof startWsServer>>;
  beforeAll(async () => {
    world = await createTestWorld("sqlite");
    server = await startWsServer(world.deps, 0, { heartbeat: quick });
  });
  afterAll(async () => {
    await server?.stop();
    await world?.close();
  });

  it("keeps an app client with a live subscription connected through many heartbeats, at the intervals it tells", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    const frames: string[] = [];
    const links: boolean[] = [];
    const transport = resilientLinks({
      baseUrl: server.url.replace(/^ws/, "http").replace(/\/api\/trpc-ws$/, ""),
      visitorToken: async () => visitor.token,
      WebSocket: recordingSocket(frames) as unknown as typeof globalThis.WebSocket,
      onLink: (up) => links.push(up),
    });
    const trpc = createTRPCClient<AppRouter>({ links: transport.links });
    const subscription = trpc.visitor.onSignals.subscribe(undefined, {});
    try {
      await until(() => frames.filter((frame) => frame === "PING").length >= 5);
      expect(links).not.toContain(false);
      const told = frames.flatMap((frame) => parseHeartbeatNotice(frame)?.intervalMs ?? []);
      expect(told[0]).toBe(quick.idleIntervalMs);
      await expect(trpc.visitor.thread.query({})).resolves.toMatchObject({ messages: [] });
    } finally {
      subscription.unsubscribe();
      transport.close();
    }
  });

  it("drops a peer that stops answering, and watches a peer back from a failure closely", async () => {
    const frames: string[] = [];
    const silent = new WebSocket(server.url);
    silent.on("message", (data) => frames.push(String(data)));
    const closed = await new Promise<number>((resolve) => silent.once("close", resolve));
    expect(closed).toBe(1006);
    expect(frames.filter((frame) => frame === "PING")).toHaveLength(1);

    const returning = new WebSocket(`${server.url}?${afterFailureParam}=1`);
    const first = await new Promise<string>((resolve) => returning.once("message", (data) => resolve(String(data))));
    expect(parseHeartbeatNotice(first)?.intervalMs).toBe(quick.activeIntervalMs);
    returning.terminate();
  });
});
