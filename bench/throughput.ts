// Throughput benchmark (issue #11): an OPEN-LOOP load — sends go out on schedule, never waiting for the previous ack —
// from BENCH_CONVERSATIONS open conversations, each message delivered to the assigned agent's thread, to
// BENCH_WATCHERS agents watching the inbox list and echoed to the visitor's other tab. "Persisted" counts rows in the
// database, not sends. The rate steps up until the node saturates (persisted < 90 % of offered). The Socket.IO +
// Redis-adapter relay (one transaction per message) runs the same load in the same run as the baseline.
// Writes bench/results/<name>.json + .md + .svg. Needs the build (npm run build), MariaDB and Redis:
//   DATABASE_URL=mysql://root@127.0.0.1:3306/test REDIS_URL=redis://127.0.0.1:6379 node --import tsx bench/throughput.ts
// BENCH_CPU_PROF=1 samples the Parley node's CPU like `node --cpu-prof` (support/cpu-profile.mjs) and summarises each step's window of the profile
// (WORKERS=1 only). BENCH_WORKERS=1,2 runs the Parley node once per worker count (server/cluster.ts), all in the same run as the relay;
// server CPU is then the primary's and its workers' together.
import { execSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import mariadb from "mariadb";
import { io as socketIo, type Socket } from "socket.io-client";
import { createClusterEnvironment } from "../tests/e2e/support/mysql.ts";
import { demoEmail, demoPassword, freePort, startServer } from "../tests/e2e/support/server.ts";
import { summarizeProfile, type ProfileSummary } from "./support/profile-summary.ts";
import { mutateOnce, openRawClient, type RawClient } from "./support/raw-trpc.ts";
import { cpuMs, latencySummary, lineChartSvg } from "./support/stats.ts";

const env = process.env;
const conversationCount = Number(env.BENCH_CONVERSATIONS ?? 2000);
const watcherCount = Number(env.BENCH_WATCHERS ?? 40);
/** 0 skips the measure of what one more inbox watcher costs. */
const extraWatchers = Number(env.BENCH_EXTRA_WATCHERS ?? 100);
const subscriberProbeRate = Number(env.BENCH_SUBSCRIBER_RATE ?? 100);
const rates = (env.BENCH_RATES ?? "100,200,600,1000,2000,3000,4000,6000,8000,10000").split(",").map(Number);
const stepSeconds = Number(env.BENCH_STEP_SECONDS ?? 8);
const drainSeconds = Number(env.BENCH_DRAIN_SECONDS ?? 8);
const targets = (env.BENCH_TARGETS ?? "parley,socketio").split(",");
const workerCounts = (env.BENCH_WORKERS ?? "1").split(",").map(Number);
const profile = env.BENCH_CPU_PROF === "1";
/** Run every listed rate even past saturation (CPU per message at a fixed rate on a busy shared machine). */
const keepGoing = env.BENCH_KEEP_GOING === "1";
const name = env.BENCH_NAME ?? `${new Date().toISOString().replace(/[:.]/g, "-")}-throughput`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

type Step = {
  rate: number;
  sent: number;
  acked: number;
  errors: number;
  /** Rows that reached the database during the send window, per second: the sustained rate. */
  persistedPerSec: number;
  /** Rows added during the step and its drain. */
  persisted: number;
  /** The server process's CPU time over the step and its drain, per persisted row (ms). */
  serverCpuMsPerMessage: number;
  /** MariaDB's CPU time over the same span, per persisted row (ms); MariaDB is shared with whatever else runs. */
  mariadbCpuMsPerMessage: number | null;
  /** The load generator's own CPU per message sent (ms): it shares the box. */
  generatorCpuMsPerMessage: number;
  /** Send → the assigned agent's thread. */
  deliver: ReturnType<typeof latencySummary>;
  ack: ReturnType<typeof latencySummary>;
  /** Inbox events received by the watchers / expected (messages × watchers). */
  inboxDelivered: number;
  /** Echoes received by the visitors' other tabs. */
  echoDelivered: number;
  loadAverage: number[];
  saturated: boolean;
  profile?: ProfileSummary;
};

function mariadbPid(): number | null {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "mariadbd") return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

/** CPU so far of a set of processes (ms); one that has gone counts as nothing. */
function processesCpuMs(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += cpuMs(pid);
    } catch {
      // exited
    }
  }
  return total;
}

/** A process and its children (the primary of WORKERS=N and the workers it forked), from /proc. */
function processTree(root: number): number[] {
  const pids = [root];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      if (parent === root) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function gitCommit(): { commit: string; dirty: boolean } {
  try {
    return {
      commit: execSync("git rev-parse HEAD").toString().trim(),
      dirty: execSync("git status --porcelain -- server bench").toString().trim() !== "",
    };
  } catch {
    return { commit: "unknown", dirty: true };
  }
}

/** What a target offers the load loop: send one message of one conversation, and counters the receivers bump. */
type Target = {
  /** The processes whose CPU is the server's (a WORKERS=N primary and its workers). */
  pids: number[];
  send: (conversation: number, clientMsgId: string, body: string, onAck: (ok: boolean) => void) => void;
  countRows: () => Promise<number>;
  received: { thread: Map<string, number>; inbox: number; echo: number };
};

async function runStep(target: Target, rate: number, watchers: number): Promise<Step> {
  const { received } = target;
  const sentAt = new Map<string, number>();
  const acks: number[] = [];
  let acked = 0;
  let errors = 0;
  const inboxBefore = received.inbox;
  const echoBefore = received.echo;
  received.thread.clear();
  const dbPid = mariadbPid();
  const cpuBefore = processesCpuMs(target.pids);
  const dbBefore = dbPid ? cpuMs(dbPid) : 0;
  const generatorBefore = process.cpuUsage();
  const rowsBefore = await target.countRows();
  const startedUs = monotonicUs();
  const started = performance.now();
  const stopAt = started + stepSeconds * 1000;
  let sent = 0;
  const tag = Math.random().toString(36).slice(2, 8);
  while (performance.now() < stopAt) {
    const due = Math.floor(((performance.now() - started) * rate) / 1000);
    while (sent < due) {
      const clientMsgId = `b${tag}${rate}x${sent}`;
      const at = performance.now();
      sentAt.set(clientMsgId, at);
      target.send(sent % conversationCount, clientMsgId, `load message ${sent} at rate ${rate}`, (ok) => {
        if (ok) {
          acked++;
          acks.push(performance.now() - at);
        } else errors++;
      });
      sent++;
    }
    await sleep(2);
  }
  const rowsAtEnd = await target.countRows();
  const endedUs = monotonicUs();
  const drainUntil = performance.now() + drainSeconds * 1000;
  while (acked + errors < sent && performance.now() < drainUntil) await sleep(50);
  // The fan-out trails the ack by a little.
  const fanOutUntil = performance.now() + 2000;
  while (received.thread.size < acked && performance.now() < fanOutUntil) await sleep(50);
  const rowsAfter = await target.countRows();
  const persisted = rowsAfter - rowsBefore;
  const generator = process.cpuUsage(generatorBefore);
  const latencies: number[] = [];
  for (const [id, at] of received.thread) {
    const sentTime = sentAt.get(id);
    if (sentTime !== undefined) latencies.push(at - sentTime);
  }
  const persistedPerSec = Math.round((rowsAtEnd - rowsBefore) / stepSeconds);
  return {
    rate,
    sent,
    acked,
    errors,
    persistedPerSec,
    persisted,
    serverCpuMsPerMessage: round((processesCpuMs(target.pids) - cpuBefore) / Math.max(1, persisted), 3),
    mariadbCpuMsPerMessage: dbPid ? round((cpuMs(dbPid) - dbBefore) / Math.max(1, persisted), 3) : null,
    generatorCpuMsPerMessage: round((generator.user + generator.system) / 1000 / Math.max(1, sent), 3),
    deliver: latencySummary(latencies),
    ack: latencySummary(acks),
    inboxDelivered: round((received.inbox - inboxBefore) / Math.max(1, sent * watchers), 3),
    echoDelivered: round((received.echo - echoBefore) / Math.max(1, sent), 3),
    loadAverage: loadavg().map((value) => round(value, 2)),
    saturated: persistedPerSec < rate * 0.9 || acked < sent * 0.98,
    ...({ window: [startedUs, endedUs] } as object),
  };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The rate steps until saturation (the step that saturates is kept, the rest skipped). */
async function stepUp(target: Target, label: string): Promise<Step[]> {
  const steps: Step[] = [];
  for (const rate of rates) {
    const step = await runStep(target, rate, watcherCount);
    steps.push(step);
    console.log(
      `${label} @${rate}/s: persisted ${step.persistedPerSec}/s, server ${step.serverCpuMsPerMessage} ms/msg, MariaDB ${step.mariadbCpuMsPerMessage} ms/msg, deliver p50 ${step.deliver.p50} p99 ${step.deliver.p99} ms, ack p99 ${step.ack.p99} ms, inbox ${step.inboxDelivered}, echo ${step.echoDelivered}${step.saturated ? " (saturated)" : ""}`,
    );
    if (step.saturated && !keepGoing) break;
    await sleep(1000);
  }
  return steps;
}

async function parley(workers: number) {
  const label = workers === 1 ? "parley" : `parley WORKERS=${workers}`;
  const cluster = await createClusterEnvironment();
  const profileDir = profile && workers === 1 ? mkdtempSync(join(tmpdir(), "parley-prof-")) : null;
  const server = await startServer({
    ...cluster.env,
    WORKERS: String(workers),
    WS_ACCEPT_PER_SECOND: "100000",
    ...(profileDir
      ? {
          NODE_OPTIONS: `--import ${join(process.cwd(), "bench/support/cpu-profile.mjs")}`,
          CPU_PROFILE_FILE: join(profileDir, "server.cpuprofile"),
        }
      : {}),
  });
  // The first line logged is the primary's (or the only process's); its workers are its children.
  const pids = processTree(Number(/"pid":(\d+)/.exec(server.logs.join(""))![1]));
  const wsUrl = `${server.url.replace("http", "ws")}/api/trpc-ws`;
  const origin = server.url;
  const database = await mariadb.createConnection(cluster.env.DATABASE_URL.replace(/^mysql:/, "mariadb:"));
  const login = await fetch(`${server.url}/api/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ email: demoEmail, password: demoPassword }),
  });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const received = { thread: new Map<string, number>(), inbox: 0, echo: 0 };

  const watchers: RawClient[] = [];
  for (let i = 0; i < watcherCount; i++) {
    const agent = await openRawClient(wsUrl, { origin, cookie });
    agent.subscribe("agent.onInbox", undefined, () => received.inbox++);
    watchers.push(agent);
  }

  const visitors: RawClient[] = new Array(conversationCount);
  const conversationIds: string[] = new Array(conversationCount);
  const opened = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < conversationCount) {
        const i = next++;
        const session = await fetch(`${server.url}/api/trpc/widget.session`, {
          method: "POST",
          headers: { "content-type": "application/json", origin },
          body: JSON.stringify({ siteKey: "demo", deviceId: `bench-${i}-${Math.random().toString(36).slice(2)}` }),
        });
        const token = ((await session.json()) as { result: { data: { token: string } } }).result.data.token;
        const visitor = await openRawClient(wsUrl, { origin, visitorToken: token });
        const ack = await mutateOnce<{ conversationId: string }>(visitor, "visitor.send", {
          clientMsgId: `open-${i}-${Date.now()}`,
          body: "hello",
        });
        const otherTab = await openRawClient(wsUrl, { origin, visitorToken: token });
        otherTab.subscribe("visitor.onThread", {}, () => received.echo++);
        watchers[i % watcherCount]!.subscribe("agent.onThread", { conversationId: ack.conversationId }, (frame) => {
          const clientMsgId = /"clientMsgId":"([^"]+)"/.exec(frame)?.[1];
          if (clientMsgId) received.thread.set(clientMsgId, performance.now());
        });
        visitors[i] = visitor;
        conversationIds[i] = ack.conversationId;
      }
    }),
  );
  console.log(
    `${label}: ${conversationCount} conversations open in ${Math.round(performance.now() - opened)} ms (server processes ${pids.join(", ")})`,
  );
  await sleep(3000);

  const target: Target = {
    pids,
    received,
    send: (conversation, clientMsgId, body, onAck) =>
      visitors[conversation]!.mutate("visitor.send", { clientMsgId, body }, (frame) => onAck(frame.includes('"result"'))),
    countRows: async () => Number((await database.query("SELECT COUNT(*) AS n FROM Message"))[0].n),
  };

  // The cost of one more agent watching the inbox: the same rate with and without extra watchers (after a warm-up
  // step, so the JIT's first compiles do not land in the base). Measured on one worker only.
  await runStep(target, subscriberProbeRate, watcherCount);
  const subscriberCost = workers === 1 && extraWatchers > 0 ? await measureSubscriberCost(target, wsUrl, origin, cookie, received) : null;
  const steps = await stepUp(target, label);
  for (const client of [...visitors, ...watchers]) client?.close();
  await database.end();
  if (profileDir) {
    // The profile is written now (support/cpu-profile.mjs), not at exit: a node slow to drain would be killed first.
    process.kill(pids[0]!, "SIGUSR2");
    await sleep(5000);
  }
  await server.stop();
  await cluster.drop().catch((error: unknown) => console.warn("could not drop the bench database", error));
  if (profileDir) {
    const file = readdirSync(profileDir).find((entry) => entry.endsWith(".cpuprofile"));
    if (file) {
      for (const step of steps) {
        const [from, to] = (step as unknown as { window: [number, number] }).window;
        step.profile = summarizeProfile(join(profileDir, file), from, to);
      }
      console.log(`profile: ${join(profileDir, file)}`);
    }
  }
  return { label: workers === 1 ? "Parley" : `Parley WORKERS=${workers}`, workers, steps, subscriberCost };
}

/** Server CPU per message of one more agent watching the inbox: the same rate with and without extra watchers. */
async function measureSubscriberCost(target: Target, wsUrl: string, origin: string, cookie: string, received: Target["received"]) {
  const base = await runStep(target, subscriberProbeRate, watcherCount);
  const extras: RawClient[] = [];
  for (let i = 0; i < extraWatchers; i++) {
    const agent = await openRawClient(wsUrl, { origin, cookie });
    agent.subscribe("agent.onInbox", undefined, () => received.inbox++);
    extras.push(agent);
  }
  await sleep(2000);
  const withExtras = await runStep(target, subscriberProbeRate, watcherCount + extraWatchers);
  for (const agent of extras) agent.close();
  await sleep(2000);
  // Base, with extras, base again: the mean of the two bases cancels a drift of the machine's load.
  const baseAgain = await runStep(target, subscriberProbeRate, watcherCount);
  const baseMs = (base.serverCpuMsPerMessage + baseAgain.serverCpuMsPerMessage) / 2;
  const perSubscriberUs = round(((withExtras.serverCpuMsPerMessage - baseMs) * 1000) / extraWatchers, 2);
  console.log(
    `parley: each extra inbox watcher costs ${perSubscriberUs} µs of server CPU per message (${base.serverCpuMsPerMessage} / ${baseAgain.serverCpuMsPerMessage} → ${withExtras.serverCpuMsPerMessage} ms/msg with ${extraWatchers} more)`,
  );
  await sleep(2000);

  return { rate: subscriberProbeRate, extraWatchers, perSubscriberUs, base, withExtras, baseAgain };
}

async function socketio() {
  const cluster = await createClusterEnvironment();
  const port = await freePort();
  const relay = spawn(
    process.execPath,
    ["bench/support/socketio-inbox-relay.mjs", String(port), cluster.env.DATABASE_URL, cluster.env.REDIS_URL],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise((resolve) => relay.stdout!.once("data", resolve));
  const database = await mariadb.createConnection(cluster.env.DATABASE_URL.replace(/^mysql:/, "mariadb:"));
  const url = `http://127.0.0.1:${port}`;
  const open = async (rooms: string[]) => {
    const socket = socketIo(url, { transports: ["websocket"] });
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    await socket.emitWithAck("join", rooms);
    return socket;
  };
  const received = { thread: new Map<string, number>(), inbox: 0, echo: 0 };
  const watchers: Socket[] = [];
  for (let i = 0; i < watcherCount; i++) {
    const rooms = ["inbox"];
    for (let c = i; c < conversationCount; c += watcherCount) rooms.push(`c${c}`);
    const agent = await open(rooms);
    agent.on("inbox", () => received.inbox++);
    agent.on("message", (message: { clientMsgId: string }) => received.thread.set(message.clientMsgId, performance.now()));
    watchers.push(agent);
  }
  const visitors: Socket[] = [];
  for (let i = 0; i < conversationCount; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, conversationCount - i) }, async (_, j) => {
        const visitor = await open([`c${i + j}`]);
        const otherTab = await open([`c${i + j}`]);
        otherTab.on("message", () => received.echo++);
        return visitor;
      }),
    );
    visitors.push(...batch);
  }
  await sleep(2000);
  const target: Target = {
    pids: [relay.pid!],
    received,
    send: (conversation, clientMsgId, body, onAck) =>
      visitors[conversation]!.emit("send", { room: `c${conversation}`, clientMsgId, body }, (answer: { error?: string }) =>
        onAck(!answer.error),
      ),
    countRows: async () => Number((await database.query("SELECT COUNT(*) AS n FROM message"))[0].n),
  };
  const steps = await stepUp(target, "socket.io");
  for (const socket of [...visitors, ...watchers]) socket.close();
  await database.end();
  relay.kill();
  await cluster.drop().catch((error: unknown) => console.warn("could not drop the bench database", error));
  return { steps };
}

const started = new Date().toISOString();
const machine = { cores: cpus().length, loadAverageAtStart: loadavg().map((value) => round(value, 2)) };
const parleyResults: Awaited<ReturnType<typeof parley>>[] = [];
if (targets.includes("parley")) for (const workers of workerCounts) parleyResults.push(await parley(workers));
const socketioResult = targets.includes("socketio") ? await socketio() : null;
const saturation = (steps: Step[] | undefined) => (steps?.length ? Math.max(...steps.map((step) => step.persistedPerSec)) : null);
const socketioSaturation = saturation(socketioResult?.steps);
const strip = (steps: Step[] | undefined) => steps?.map(({ window: _window, ...step }: Step & { window?: unknown }) => step);
const ratioOf = (steps: Step[]) => {
  const own = saturation(steps);
  return own && socketioSaturation ? round(own / socketioSaturation, 2) : null;
};
const parleyRuns = parleyResults.map((run) => ({
  label: run.label,
  workers: run.workers,
  saturationPerSec: saturation(run.steps),
  ratio: ratioOf(run.steps),
  subscriberCost: run.subscriberCost,
  steps: strip(run.steps),
}));
const [first] = parleyRuns;
const result = {
  name,
  at: started,
  git: gitCommit(),
  machine: { ...machine, loadAverageAtEnd: loadavg().map((value) => round(value, 2)) },
  config: {
    conversations: conversationCount,
    watchers: watcherCount,
    stepSeconds,
    drainSeconds,
    rates,
    workers: workerCounts,
    cpuProfile: profile,
  },
  note: "The machine may be shared: wall-clock throughput and latency are noisy; CPU per message is the fair before/after measure.",
  /** The first worker count's run (WORKERS=1 unless BENCH_WORKERS says otherwise); every run is in `parleyRuns`. */
  parley: first ?? null,
  parleyRuns,
  socketio: socketioResult && { saturationPerSec: socketioSaturation, steps: strip(socketioResult.steps) },
  ratio: first?.ratio ?? null,
};
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/${name}.json`, `${JSON.stringify(result, null, 2)}\n`);

const row = (label: string, step: Step) =>
  `| ${label} | ${step.rate} | ${step.persistedPerSec} | ${step.serverCpuMsPerMessage} | ${step.mariadbCpuMsPerMessage ?? "–"} | ${step.deliver.p50} / ${step.deliver.p99} | ${step.ack.p99} | ${step.inboxDelivered} / ${step.echoDelivered} | ${step.loadAverage[0]} |${step.saturated ? " saturated" : ""}`;
const subscriberLine = parleyResults.find((run) => run.subscriberCost)?.subscriberCost;
const colors = ["#4f46e5", "#059669", "#d97706"];
const markdown = [
  `# Throughput benchmark ${name}`,
  "",
  `Run ${started} at git ${result.git.commit.slice(0, 12)}${result.git.dirty ? " (uncommitted changes)" : ""} on ${machine.cores} cores; load average at start ${machine.loadAverageAtStart.join(" / ")}, at end ${result.machine.loadAverageAtEnd.join(" / ")}.`,
  `${conversationCount} open conversations; each message delivered to the assigned agent's thread, to ${watcherCount} agents watching the inbox and echoed to the visitor's other tab; open-loop load, ${stepSeconds} s per step; persisted = rows counted in the database during the send window. One node (WORKERS = ${workerCounts.join(", then ")}; server CPU counts the primary and its workers), MariaDB and Redis on the same box.`,
  "",
  `**${result.note}**`,
  "",
  ...parleyRuns.map(
    (run) => `Saturation: ${run.label} ${run.saturationPerSec ?? "–"} persisted msgs/s${run.ratio ? ` (${run.ratio}× the relay)` : ""}.`,
  ),
  `Socket.IO relay ${socketioSaturation ?? "–"} msgs/s.`,
  subscriberLine
    ? `Each extra agent watching the inbox: ${subscriberLine.perSubscriberUs} µs of server CPU per message (${extraWatchers} extra watchers at ${subscriberProbeRate} msgs/s, one worker).`
    : "",
  "",
  "| target | offered msgs/s | persisted msgs/s | server CPU ms/msg | MariaDB CPU ms/msg | send→deliver p50 / p99 (ms) | ack p99 (ms) | inbox / echo delivered (share) | load avg 1 min |",
  "|---|---|---|---|---|---|---|---|---|",
  ...parleyResults.flatMap((run) => run.steps.map((step) => row(run.label, step))),
  ...(socketioResult?.steps ?? []).map((step) => row("Socket.IO relay", step)),
  "",
  `![persisted msgs/s](${name}.svg)`,
  "",
  `![server CPU ms per message](${name}-cpu.svg)`,
  "",
  ...parleyResults.flatMap((run) =>
    run.steps.some((step) => step.profile)
      ? [
          `## CPU profile of the ${run.label} node per step (self time, share of busy time)`,
          "",
          ...run.steps.flatMap((step) =>
            step.profile
              ? [
                  `- @${step.rate}/s: ${step.profile.shares
                    .slice(0, 12)
                    .map((share) => `${share.category} ${share.percent} %`)
                    .join(", ")}`,
                ]
              : [],
          ),
        ]
      : [],
  ),
].join("\n");
writeFileSync(`bench/results/${name}.md`, `${markdown}\n`);
const series = (pick: (step: Step) => number) => [
  ...parleyResults.map((run, i) => ({
    name: run.label,
    color: colors[i % colors.length]!,
    points: run.steps.map((step) => ({ x: step.rate, y: pick(step) })),
  })),
  ...(socketioResult
    ? [{ name: "Socket.IO relay", color: "#dc2626", points: socketioResult.steps.map((step) => ({ x: step.rate, y: pick(step) })) }]
    : []),
];
writeFileSync(
  `bench/results/${name}.svg`,
  lineChartSvg(
    "Persisted messages/s vs offered (one node)",
    "offered msgs/s",
    "persisted msgs/s",
    series((step) => step.persistedPerSec),
  ),
);
writeFileSync(
  `bench/results/${name}-cpu.svg`,
  lineChartSvg(
    "Server CPU per persisted message (ms) vs offered rate",
    "offered msgs/s",
    "ms of server CPU per message",
    series((step) => step.serverCpuMsPerMessage),
  ),
);
console.log(markdown);
process.exit(0);
