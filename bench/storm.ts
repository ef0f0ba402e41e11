// Reconnect-storm benchmark: BENCH_STORM_CLIENTS agent clients (default 2000; the issue's size is 10000), spread over
// BENCH_STORM_GENERATORS load-generator processes (default 3), each from its own 127.0.0.x address, all using the
// app's transport and holding a live inbox subscription. The node is restarted twice on the same port — SIGTERM
// (drain) and kill -9 — and we measure how long until 95 % and 100 % of the subscriptions are live again, while
// BENCH_STORM_PAIRS visitor → agent pairs keep chatting with clientMsgId retries; every acked message must arrive,
// with no seq gap. Writes bench/results/<timestamp>-storm.{json,md,svg}. Needs the build, MariaDB and Redis.
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { createTRPCClient } from "@trpc/client";
import { ulid } from "ulid";
import WebSocket from "ws";
import { resilientLinks } from "../client/links/resilient-links.ts";
import { createRedisNodeRegistry } from "../server/nodes/redis.ts";
import type { AppRouter } from "../server/trpc/router.ts";
import { createClusterEnvironment } from "../tests/e2e/support/mysql.ts";
import { demoEmail, demoPassword, freePort, startServer, type RunningServer } from "../tests/e2e/support/server.ts";
import { barChartSvg, latencySummary } from "./support/stats.ts";

const clients = Number(process.env.BENCH_STORM_CLIENTS ?? 2000);
const generators = Number(process.env.BENCH_STORM_GENERATORS ?? 3);
const pairs = Number(process.env.BENCH_STORM_PAIRS ?? 10);
const timeoutSeconds = Number(process.env.BENCH_STORM_TIMEOUT_SECONDS ?? 120);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SYNs the kernel dropped because a listen queue was full (machine-wide: other processes count too). */
function listenOverflows(): number {
  const [names, values] = readFileSync("/proc/net/netstat", "utf8")
    .split("\n")
    .filter((line) => line.startsWith("TcpExt:"))
    .map((line) => line.split(/\s+/));
  return Number(values![names!.indexOf("ListenOverflows")]);
}

const cluster = await createClusterEnvironment();
// The node registry says how many sockets the server holds, to tell a slow server from slow clients.
const registry = createRedisNodeRegistry({ url: cluster.env.REDIS_URL, keyPrefix: cluster.env.REDIS_KEY_PREFIX });
const port = await freePort();
const env = {
  ...cluster.env,
  WORKERS: process.env.BENCH_WORKERS ?? "1",
  ...(process.env.BENCH_STORM_ACCEPT_PER_SECOND ? { WS_ACCEPT_PER_SECOND: process.env.BENCH_STORM_ACCEPT_PER_SECOND } : {}),
};
let server: RunningServer = await startServer(env, { port, readyTimeoutMs: 300_000 });
const login = await fetch(`${server.url}/api/trpc/auth.login`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ email: demoEmail, password: demoPassword }),
});
const cookie = login.headers.get("set-cookie")!.split(";")[0]!;

// Load generators.
const rampStarted = performance.now();
const children: ChildProcess[] = Array.from({ length: generators }, (_, index) =>
  fork("bench/support/storm-clients.ts", [], {
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      BASE_URL: server.url,
      COOKIE: cookie,
      COUNT: String(Math.floor(clients / generators) + (index < clients % generators ? 1 : 0)),
      LOCAL_ADDRESS: `127.0.0.${2 + index}`,
    },
  }),
);
const ask = <T>(child: ChildProcess, message: unknown, reply: string) =>
  new Promise<T>((resolve) => {
    const onMessage = (answer: { type: string }) => {
      if (answer.type !== reply) return;
      child.off("message", onMessage);
      resolve(answer as T);
    };
    child.on("message", onMessage);
    if (message) child.send(message as object);
  });
await Promise.all(children.map((child) => ask(child, null, "ready")));
const rampSeconds = Math.round((performance.now() - rampStarted) / 100) / 10;
console.log(`storm: ${clients} clients live in ${rampSeconds} s`);

// Chatting pairs: the visitor sends every 300 ms, retrying each clientMsgId until acked; one agent client follows
// every conversation live.
class AgentSocket extends WebSocket {
  constructor(address: string | URL, protocols?: string | string[]) {
    super(address, protocols, { headers: { cookie } });
  }
}
const agentTransport = resilientLinks({ baseUrl: server.url, WebSocket: AgentSocket as unknown as typeof globalThis.WebSocket });
const agent = createTRPCClient<AppRouter>({ links: agentTransport.links });
const received = new Map<string, number[]>();
const acked = new Map<string, number[]>();
let chatting = true;
let sendRetries = 0;
const chats = await Promise.all(
  Array.from({ length: pairs }, async (_, pair) => {
    const session = await fetch(`${server.url}/api/trpc/widget.session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify({ siteKey: "demo", deviceId: `storm-${pair}-${ulid()}` }),
    });
    const token = ((await session.json()) as { result: { data: { token: string } } }).result.data.token;
    const transport = resilientLinks({
      baseUrl: server.url,
      visitorToken: async () => token,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    const visitor = createTRPCClient<AppRouter>({ links: transport.links });
    const first = await visitor.visitor.send.mutate({ clientMsgId: ulid(), body: "hello" });
    acked.set(first.conversationId, [first.seq]);
    received.set(first.conversationId, []);
    agent.agent.onThread.subscribe(
      { conversationId: first.conversationId },
      { onData: ({ data }) => received.get(first.conversationId)!.push(data.seq), onError: () => {} },
    );
    const loop = (async () => {
      while (chatting) {
        const clientMsgId = ulid();
        for (;;) {
          try {
            const ack = await visitor.visitor.send.mutate({ clientMsgId, body: `storm ${clientMsgId}` });
            acked.get(first.conversationId)!.push(ack.seq);
            break;
          } catch {
            sendRetries++;
            await sleep(250);
          }
        }
        await sleep(300);
      }
    })();
    return { loop, close: transport.close };
  }),
);

type StormReply = { back: (number | null)[]; attempts: number; failures: Record<string, number> };
type Restart = {
  kind: "sigterm" | "kill9";
  listenOverflows: number;
  attempts: number;
  failures: Record<string, number>;
  stoppedMs: number;
  exitCode: number | null;
  newNodeReadyMs: number;
  back: number;
  backIn: ReturnType<typeof latencySummary> & { p95: number };
  allBackMs: number | null;
};
const restarts: Restart[] = [];
for (const kind of ["sigterm", "kill9"] as const) {
  await sleep(3000);
  // Connection attempts and failures so far, to count only those of this restart.
  const before = await Promise.all(children.map((child) => ask<StormReply>(child, { type: "since", at: Date.now() }, "since")));
  const overflowsBefore = listenOverflows();
  const at = Date.now();
  const exitCode = kind === "sigterm" ? await server.stop() : await server.crash().then(() => null);
  const stoppedMs = Date.now() - at;
  // A starting node on a busy shared box can take a minute and more.
  server = await startServer(env, { port, readyTimeoutMs: 300_000 });
  const newNodeReadyMs = Date.now() - at;
  let back: (number | null)[] = [];
  let replies = before;
  const deadline = Date.now() + timeoutSeconds * 1000;
  let nextReport = 0;
  do {
    await sleep(500);
    replies = await Promise.all(children.map((child) => ask<StormReply>(child, { type: "since", at }, "since")));
    back = replies.flatMap((r) => r.back);
    if (Date.now() < nextReport) continue;
    nextReport = Date.now() + 5000;
    const serverSockets = (await registry.list()).reduce((sum, node) => sum + node.connections, 0);
    console.log(
      `storm: ${kind} +${((Date.now() - at) / 1000).toFixed(1)} s: ${back.filter((ms) => ms !== null).length} subscriptions live again, ${serverSockets} sockets announced by the node`,
    );
  } while (back.some((ms) => ms === null) && Date.now() < deadline);
  const times = back.filter((ms): ms is number => ms !== null);
  const sorted = [...times].sort((a, b) => a - b);
  const summary = latencySummary(times);
  const failures: Record<string, number> = {};
  replies.forEach((reply, index) => {
    for (const [reason, count] of Object.entries(reply.failures))
      failures[reason] = (failures[reason] ?? 0) + count - (before[index]!.failures[reason] ?? 0);
  });
  restarts.push({
    kind,
    listenOverflows: listenOverflows() - overflowsBefore,
    attempts: replies.reduce((sum, r, index) => sum + r.attempts - before[index]!.attempts, 0),
    failures,
    stoppedMs,
    exitCode,
    newNodeReadyMs,
    back: times.length,
    backIn: { ...summary, p95: sorted[Math.max(0, Math.ceil(0.95 * clients) - 1)] ?? NaN },
    allBackMs: times.length === clients ? sorted.at(-1)! : null,
  });
  console.log(
    `storm: ${kind}: new node ready after ${newNodeReadyMs} ms; ${times.length}/${clients} back, 95 % by ${restarts.at(-1)!.backIn.p95} ms`,
  );
}

// Stop chatting, let the last messages arrive, then look for losses and gaps.
chatting = false;
await Promise.all(chats.map((chat) => chat.loop));
const settleBy = Date.now() + 15_000;
const missing = () => [...acked].flatMap(([conversationId, seqs]) => seqs.filter((seq) => !received.get(conversationId)!.includes(seq)));
while (missing().length > 0 && Date.now() < settleBy) await sleep(200);
let gaps = 0;
let duplicates = 0;
for (const seqs of received.values()) {
  const unique = new Set(seqs);
  duplicates += seqs.length - unique.size;
  const max = Math.max(0, ...unique);
  for (let seq = 1; seq <= max; seq++) if (!unique.has(seq)) gaps++;
}
const messages = {
  sent: [...acked.values()].reduce((sum, seqs) => sum + seqs.length, 0),
  lost: missing().length,
  gaps,
  duplicates,
  sendRetries,
};

for (const child of children) child.send({ type: "exit" });
for (const chat of chats) chat.close();
agentTransport.close();
await server.stop();
await registry.close();
await cluster.drop();

const result = {
  at: new Date().toISOString(),
  loadAverage: loadavg().map((load) => Math.round(load * 10) / 10),
  clients,
  generators,
  pairs,
  workers: Number(env.WORKERS),
  rampSeconds,
  restarts,
  messages,
};
const stamp = result.at.replace(/[:.]/g, "-");
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/${stamp}-storm.json`, JSON.stringify(result, null, 2));
const seconds = (ms: number | null) => (ms === null || Number.isNaN(ms) ? "not within the timeout" : `${(ms / 1000).toFixed(1)} s`);
const markdown = [
  `# Reconnect storm, ${result.at}`,
  "",
  `${clients} agent clients (app transport, live inbox subscription each) from ${generators} processes on ${generators} source addresses, one node (WORKERS=${result.workers}, default accept rate) restarted on the same port; ${pairs} visitor → agent pairs chatting through it. Times from the stop signal. Load average at the end: ${result.loadAverage.join(" / ")} (2 cores, shared).`,
  "",
  "| restart | old node gone | new node ready | back | 95 % back | 100 % back | median | 95 % back after ready |",
  "|---|---|---|---|---|---|---|---|",
  ...restarts.map(
    (r) =>
      `| ${r.kind === "sigterm" ? `SIGTERM (drain, exit ${r.exitCode})` : "kill -9"} | ${seconds(r.stoppedMs)} | ${seconds(r.newNodeReadyMs)} | ${r.back}/${clients} | ${seconds(r.backIn.p95)} | ${seconds(r.allBackMs)} | ${seconds(r.backIn.p50)} | ${seconds(r.backIn.p95 - r.newNodeReadyMs)} |`,
  ),
  "",
  ...restarts.map(
    (r) =>
      `${r.kind}: ${r.attempts} connection attempts for ${clients} clients; failures: ${JSON.stringify(r.failures)}; SYNs dropped on full listen queues (machine-wide): ${r.listenOverflows}.`,
  ),
  "",
  `Messages: ${messages.sent} acked, ${messages.lost} lost, ${messages.gaps} seq gaps, ${messages.duplicates} duplicates delivered, ${messages.sendRetries} send attempts retried.`,
  "",
  `![recovery](${stamp}-storm.svg)`,
].join("\n");
writeFileSync(`bench/results/${stamp}-storm.md`, `${markdown}\n`);
writeFileSync(
  `bench/results/${stamp}-storm.svg`,
  barChartSvg(
    `${clients} clients back after a restart (s)`,
    "s",
    restarts.flatMap((r) => [
      { label: `${r.kind}: node ready`, value: Math.round(r.newNodeReadyMs / 100) / 10 },
      { label: `${r.kind}: 95 % back`, value: Math.round(r.backIn.p95 / 100) / 10 },
      { label: `${r.kind}: 100 % back`, value: Math.round((r.allBackMs ?? NaN) / 100) / 10 },
    ]),
  ),
);
console.log(markdown);
process.exit(0);
