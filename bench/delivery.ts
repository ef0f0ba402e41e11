// Delivery benchmark: Parley (tRPC over WebSocket, MySQL commit, Redis fan-out) against (a) a Socket.IO relay with
// the Redis adapter and the same persistence and (b) a bare `ws` relay floor, same machine, same run, same load.
// Writes bench/results/<timestamp>-delivery.{json,md,svg}.
// Needs the build (npm run build), MariaDB and Redis: DATABASE_URL=mysql://… REDIS_URL=redis://… npm run bench
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import { ulid } from "ulid";
import { io as socketIo, type Socket } from "socket.io-client";
import WebSocket from "ws";
import type { AppRouter } from "../server/trpc/router.ts";
import { createClusterEnvironment } from "../tests/e2e/support/mysql.ts";
import { demoEmail, demoPassword, freePort, startServer } from "../tests/e2e/support/server.ts";
import { barChartSvg, cpuMs, latencySummary, rssBytes } from "./support/stats.ts";

const pairs = Number(process.env.BENCH_PAIRS ?? 40);
const rates = (process.env.BENCH_RATES ?? "200,400,800").split(",").map(Number);
const stepSeconds = Number(process.env.BENCH_STEP_SECONDS ?? 8);
const idleConnections = Number(process.env.BENCH_IDLE ?? 1000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type StepResult = {
  rate: number;
  sent: number;
  delivered: number;
  perSecond: number;
  deliver: ReturnType<typeof latencySummary>;
  ack: ReturnType<typeof latencySummary>;
  /** The server process's CPU time per message sent in this step (ms). */
  cpuPerMessage?: number;
};

/** Runs one load step and adds the server's CPU time per message. */
async function measuredStep(pid: number, step: () => Promise<StepResult>): Promise<StepResult> {
  const before = cpuMs(pid);
  const result = await step();
  return { ...result, cpuPerMessage: Number(((cpuMs(pid) - before) / Math.max(1, result.sent)).toFixed(2)) };
}

/** Drives `rate` messages per second in total, spread over the pairs, for stepSeconds; then waits for stragglers. */
async function loadStep(
  rate: number,
  send: (pair: number, id: string) => Promise<void>,
  delivered: Map<string, number>,
): Promise<StepResult> {
  const sentAt = new Map<string, number>();
  const acks: number[] = [];
  const interval = (pairs * 1000) / rate;
  const stopAt = performance.now() + stepSeconds * 1000;
  await Promise.all(
    Array.from({ length: pairs }, async (_, pair) => {
      await sleep(Math.random() * interval);
      while (performance.now() < stopAt) {
        const id = ulid();
        const started = performance.now();
        sentAt.set(id, started);
        await send(pair, id);
        acks.push(performance.now() - started);
        await sleep(Math.max(0, interval - (performance.now() - started)));
      }
    }),
  );
  const deadline = performance.now() + 10_000;
  while ([...sentAt.keys()].some((id) => !delivered.has(id)) && performance.now() < deadline) await sleep(50);
  const latencies = [...sentAt].flatMap(([id, at]) => (delivered.has(id) ? [delivered.get(id)! - at] : []));
  return {
    rate,
    sent: sentAt.size,
    delivered: latencies.length,
    perSecond: Math.round(sentAt.size / stepSeconds),
    deliver: latencySummary(latencies),
    ack: latencySummary(acks),
  };
}

async function benchParley() {
  const cluster = await createClusterEnvironment();
  const server = await startServer({ ...cluster.env, WS_ACCEPT_PER_SECOND: "100000" });
  const pid = Number(/"pid":(\d+)/.exec(server.logs.join(""))![1]);
  const wsUrl = `${server.url.replace("http", "ws")}/api/trpc-ws`;
  const login = await fetch(`${server.url}/api/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: demoEmail, password: demoPassword }),
  });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const client = (auth: { cookie?: string; token?: string }) => {
    class AuthedWebSocket extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols, auth.cookie ? { headers: { cookie: auth.cookie } } : {});
      }
    }
    const socket = createWSClient({
      url: wsUrl,
      WebSocket: AuthedWebSocket as unknown as typeof globalThis.WebSocket,
      ...(auth.token ? { connectionParams: () => ({ visitorToken: auth.token! }) } : {}),
    });
    return { trpc: createTRPCClient<AppRouter>({ links: [wsLink({ client: socket })] }), close: () => socket.close() };
  };

  const delivered = new Map<string, number>();
  const agents = Array.from({ length: 4 }, () => client({ cookie }));
  const visitors: ReturnType<typeof client>[] = [];
  for (let i = 0; i < pairs; i++) {
    const session = await fetch(`${server.url}/api/trpc/widget.session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify({ siteKey: "demo", deviceId: `bench-${i}-${ulid()}` }),
    });
    const token = ((await session.json()) as { result: { data: { token: string } } }).result.data.token;
    const visitor = client({ token });
    const { conversationId } = await visitor.trpc.visitor.send.mutate({ clientMsgId: ulid(), body: "hello" });
    agents[i % agents.length]!.trpc.agent.onThread.subscribe(
      { conversationId },
      { onData: ({ data }) => delivered.set(data.clientMsgId, performance.now()) },
    );
    visitors.push(visitor);
  }
  await sleep(500);
  const steps: StepResult[] = [];
  for (const rate of rates) {
    steps.push(
      await measuredStep(pid, () =>
        loadStep(
          rate,
          (pair, id) => visitors[pair]!.trpc.visitor.send.mutate({ clientMsgId: id, body: `load ${id}` }).then(() => undefined),
          delivered,
        ),
      ),
    );
  }

  const before = rssBytes(pid);
  const idle = Array.from({ length: idleConnections }, () => client({ cookie }));
  const subscriptions = idle.map((c) => c.trpc.agent.onInbox.subscribe(undefined, {}));
  await sleep(3000 + idleConnections * 3);
  const perConnectionKb = Math.round((rssBytes(pid) - before) / idleConnections / 1024);
  for (const subscription of subscriptions) subscription.unsubscribe();
  for (const c of [...idle, ...agents, ...visitors]) c.close();
  await server.stop();
  await cluster.drop();
  return { steps, perConnectionKb };
}

async function benchSocketIo() {
  const cluster = await createClusterEnvironment();
  const port = await freePort();
  const relay = spawn(
    process.execPath,
    ["bench/support/socketio-relay.mjs", String(port), cluster.env.DATABASE_URL, cluster.env.REDIS_URL],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise((resolve) => relay.stdout!.once("data", resolve));
  const url = `http://127.0.0.1:${port}`;
  const open = async (room: string) => {
    const socket = socketIo(url, { transports: ["websocket"] });
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    await socket.emitWithAck("join", room);
    return socket;
  };
  const delivered = new Map<string, number>();
  const senders: Socket[] = [];
  for (let i = 0; i < pairs; i++) {
    senders.push(await open(`p${i}`));
    const receiver = await open(`p${i}`);
    receiver.on("message", ({ id }: { id: string }) => delivered.set(id, performance.now()));
  }
  const steps: StepResult[] = [];
  for (const rate of rates) {
    steps.push(
      await measuredStep(relay.pid!, () =>
        loadStep(rate, (pair, id) => senders[pair]!.emitWithAck("send", { room: `p${pair}`, id }).then(() => undefined), delivered),
      ),
    );
  }
  const before = rssBytes(relay.pid!);
  const idle = await Promise.all(Array.from({ length: idleConnections }, (_, i) => open(`idle${i}`)));
  await sleep(2000);
  const perConnectionKb = Math.round((rssBytes(relay.pid!) - before) / idleConnections / 1024);
  for (const socket of [...idle, ...senders]) socket.close();
  relay.kill();
  await cluster.drop();
  return { steps, perConnectionKb };
}

async function benchRawRelay() {
  const port = await freePort();
  const relay = spawn(process.execPath, ["bench/support/raw-relay.mjs", String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve) => relay.stdout!.once("data", resolve));
  const url = `ws://127.0.0.1:${port}`;
  const open = (pair: string) =>
    new Promise<WebSocket>((resolve) => {
      const socket = new WebSocket(url);
      socket.once("open", () => {
        socket.send(JSON.stringify({ join: pair }));
        resolve(socket);
      });
    });
  const delivered = new Map<string, number>();
  const senders: { socket: WebSocket; waiting: (() => void)[] }[] = [];
  for (let i = 0; i < pairs; i++) {
    const sender = { socket: await open(`p${i}`), waiting: [] as (() => void)[] };
    sender.socket.on("message", () => sender.waiting.shift()?.());
    senders.push(sender);
    const receiver = await open(`p${i}`);
    receiver.on("message", (data) => delivered.set(String(data), performance.now()));
  }
  const steps: StepResult[] = [];
  for (const rate of rates) {
    steps.push(
      await loadStep(
        rate,
        (pair, id) =>
          new Promise<void>((resolve) => {
            senders[pair]!.waiting.push(resolve);
            senders[pair]!.socket.send(id);
          }),
        delivered,
      ),
    );
  }
  const before = rssBytes(relay.pid!);
  const idle = await Promise.all(Array.from({ length: idleConnections }, (_, i) => open(`idle${i}`)));
  await sleep(2000);
  const perConnectionKb = Math.round((rssBytes(relay.pid!) - before) / idleConnections / 1024);
  for (const socket of idle) socket.close();
  relay.kill();
  return { steps, perConnectionKb };
}

const parley = await benchParley();
const socketio = await benchSocketIo();
const raw = await benchRawRelay();
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
mkdirSync("bench/results", { recursive: true });
const result = {
  at: new Date().toISOString(),
  machine: { cores: (await import("node:os")).cpus().length },
  pairs,
  stepSeconds,
  parley,
  socketio,
  raw,
};
writeFileSync(`bench/results/${stamp}-delivery.json`, JSON.stringify(result, null, 2));

const rows = parley.steps.map((step, i) => {
  const sio = socketio.steps[i]!;
  const floor = raw.steps[i]!;
  return `| ${step.rate} | ${step.perSecond} / ${sio.perSecond} | ${step.delivered}/${step.sent} | ${step.deliver.p50} / ${step.deliver.p99} / ${step.deliver.max} | ${sio.deliver.p50} / ${sio.deliver.p99} / ${sio.deliver.max} | ${floor.deliver.p50} / ${floor.deliver.p99} | ${step.ack.p99} / ${sio.ack.p99} | ${(sio.deliver.p99 / step.deliver.p99).toFixed(2)}× | ${(step.deliver.p99 / floor.deliver.p99).toFixed(1)}× | ${step.cpuPerMessage} / ${sio.cpuPerMessage} |`;
});
const markdown = [
  `# Delivery benchmark, ${result.at}`,
  "",
  `${pairs} visitor→agent pairs, ${stepSeconds} s per step, in one run: one Parley node (MariaDB commit + Redis), a Socket.IO + Redis adapter relay with the same persistence, and a bare ws relay (no persistence).`,
  "",
  "| target msgs/s | persisted msgs/s Parley / Socket.IO | Parley delivered | Parley send→deliver p50 / p99 / max (ms) | Socket.IO p50 / p99 / max (ms) | raw ws p50 / p99 (ms) | ack p99 Parley / Socket.IO (ms) | Socket.IO p99 ÷ Parley p99 | Parley p99 ÷ raw p99 | server CPU ms per message Parley / Socket.IO |",
  "|---|---|---|---|---|---|---|---|---|---|",
  ...rows,
  "",
  `Idle memory per connection: Parley ${parley.perConnectionKb} KB (authenticated socket + one subscription), Socket.IO ${socketio.perConnectionKb} KB (socket in one room), raw ws ${raw.perConnectionKb} KB.`,
  "",
  `![p99](${stamp}-delivery.svg)`,
].join("\n");
writeFileSync(`bench/results/${stamp}-delivery.md`, `${markdown}\n`);
writeFileSync(
  `bench/results/${stamp}-delivery.svg`,
  barChartSvg(
    "send→deliver p99 (ms)",
    "ms",
    parley.steps.flatMap((step, i) => [
      { label: `Parley @${step.rate}/s`, value: step.deliver.p99 },
      { label: `Socket.IO @${step.rate}/s`, value: socketio.steps[i]!.deliver.p99 },
      { label: `raw ws @${step.rate}/s`, value: raw.steps[i]!.deliver.p99 },
    ]),
  ),
);
console.log(markdown);
process.exit(0);
