// Connections benchmark: ramps, kind after kind, the mix of sockets on one node — BENCH_VISITORS visitors (a third
// of them with an open conversation: one message sent and the thread subscribed; the rest with only the widget's
// signals subscription) and BENCH_AGENTS agents with their inbox subscription — across BENCH_WORKERS serving processes,
// holds them BENCH_HOLD_SECONDS through heartbeats, and reports RSS per socket of each kind (the growth while that kind
// ramped, over its sockets), idle CPU and drops. BENCH_VISITORS=0 gives the agents-only run of before. The load comes
// from several processes, each on its own 127.0.0.x source address (about 28k ports each). Writes
// bench/results/<timestamp>-connections.{json,md,svg}. Needs the build, MariaDB and Redis (like bench/delivery.ts).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fork } from "node:child_process";
import { loadavg } from "node:os";
import { execSync } from "node:child_process";
import { createClusterEnvironment } from "../tests/e2e/support/mysql.ts";
import { demoEmail, demoPassword, startServer } from "../tests/e2e/support/server.ts";
import { barChartSvg, rssBytes } from "./support/stats.ts";

const visitors = Number(process.env.BENCH_VISITORS ?? 0);
const agents = Number(process.env.BENCH_AGENTS ?? process.env.BENCH_CONNECTIONS ?? 10_000);
const connections = visitors + agents;
const workers = Number(process.env.BENCH_WORKERS ?? 3);
const holdSeconds = Number(process.env.BENCH_HOLD_SECONDS ?? 40);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds a process has used so far (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const cluster = await createClusterEnvironment();
const server = await startServer({ ...cluster.env, WORKERS: String(workers), WS_ACCEPT_PER_SECOND: "100000" }, { readyTimeoutMs: 300_000 });
await sleep(2000);
const pids = [...new Set([...server.logs.join("").matchAll(/"pid":(\d+)/g)].map((match) => Number(match[1])))];
const wsUrl = `${server.url.replace("http", "ws")}/api/trpc-ws`;
const login = await fetch(`${server.url}/api/trpc/auth.login`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ email: demoEmail, password: demoPassword }),
});
const cookie = login.headers.get("set-cookie")!.split(";")[0]!;

const memoryOf = () => pids.reduce((sum, pid) => sum + rssBytes(pid), 0);
const cpuOf = () => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
const baselineRss = memoryOf();

/** Sockets per load-generating process: under the 20,000 open files a process may have here, and one source address each. */
const perClientProcess = 15_000;
type Kind = "visitor" | "visitorChatting" | "agent";
type ClientMessage =
  | { kind: "progress"; opened: number }
  | { kind: "ramped"; opened: number; failures: Record<string, number> }
  | { kind: "report"; drops: number; open: number };
type LoadProcess = ReturnType<typeof startLoad>;
let loadProcesses = 0;
function startLoad(kind: Kind, count: number, offset: number) {
  const job = { kind, baseUrl: server.url, wsUrl, cookie, count, offset, localAddress: `127.0.0.${++loadProcesses}` };
  const child = fork("bench/support/connection-client.ts", {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_CLIENT_JOB: JSON.stringify(job) },
  });
  const state = {
    kind,
    child,
    opened: 0,
    ramped: false,
    failures: {} as Record<string, number>,
    report: null as null | { drops: number; open: number },
  };
  child.on("message", (message: ClientMessage) => {
    if (message.kind === "report") state.report = message;
    else {
      state.opened = message.opened;
      if (message.kind === "ramped") {
        state.ramped = true;
        state.failures = message.failures;
      }
    }
  });
  return state;
}

const chatting = Math.round(visitors / 3);
const phases: { kind: Kind; count: number }[] = [
  { kind: "visitor" as const, count: visitors - chatting },
  { kind: "visitorChatting" as const, count: chatting },
  { kind: "agent" as const, count: agents },
].filter((phase) => phase.count > 0);

// Kind after kind, so each kind's RSS is the growth while it ramped; RSS of the serving processes sampled for the chart.
const clients: LoadProcess[] = [];
const openedNow = () => clients.reduce((sum, client) => sum + client.opened, 0);
const rampStarted = performance.now();
const rampSamples: { opened: number; rssMb: number }[] = [];
const perKind: { kind: Kind; sockets: number; rssKbPerSocket: number; rampSeconds: number; failures: Record<string, number> }[] = [];
let rssBefore = memoryOf();
for (const phase of phases) {
  const started = performance.now();
  const mine = Array.from({ length: Math.ceil(phase.count / perClientProcess) }, (_, index) =>
    startLoad(phase.kind, Math.min(perClientProcess, phase.count - index * perClientProcess), index * perClientProcess),
  );
  clients.push(...mine);
  while (!mine.every((client) => client.ramped)) {
    await sleep(2000);
    rampSamples.push({ opened: openedNow(), rssMb: Math.round(memoryOf() / 1024 / 1024) });
    console.log(`sockets: ${phase.kind}: ${mine.reduce((sum, client) => sum + client.opened, 0)}/${phase.count}`);
  }
  // Let the last calls settle before reading what this kind added.
  await sleep(5000);
  const rssAfter = memoryOf();
  const sockets = mine.reduce((sum, client) => sum + client.opened, 0);
  perKind.push({
    kind: phase.kind,
    sockets,
    rssKbPerSocket: Math.round(((rssAfter - rssBefore) / Math.max(1, sockets) / 1024) * 10) / 10,
    rampSeconds: Math.round((performance.now() - started) / 100) / 10,
    failures: mine.reduce<Record<string, number>>((all, client) => {
      for (const [reason, count] of Object.entries(client.failures)) all[reason] = (all[reason] ?? 0) + count;
      return all;
    }, {}),
  });
  rssBefore = rssAfter;
}
const rampSeconds = (performance.now() - rampStarted) / 1000;
const opened = openedNow();

for (const client of clients) client.child.send({ kind: "hold" });
const cpuBefore = cpuOf();
const holdStarted = Date.now();
while (Date.now() - holdStarted < holdSeconds * 1000) {
  await sleep(Math.min(30_000, holdSeconds * 1000 - (Date.now() - holdStarted)));
  console.log(
    `sockets: holding ${opened}, ${Math.round((Date.now() - holdStarted) / 1000)} s, RSS ${Math.round(memoryOf() / 1024 / 1024)} MB`,
  );
}
const idleCpuPercent = ((cpuOf() - cpuBefore) / holdSeconds) * 100;
const heldRss = memoryOf();
for (const client of clients) client.child.send({ kind: "report" });
while (!clients.every((client) => client.report)) await sleep(100);
const drops = clients.reduce((sum, client) => sum + client.report!.drops, 0);
const stillOpen = clients.reduce((sum, client) => sum + client.report!.open, 0);
const gitCommit = execSync("git rev-parse --short HEAD").toString().trim();

const result = {
  at: new Date().toISOString(),
  gitCommit,
  loadAverage: loadavg().map((load) => Math.round(load * 10) / 10),
  connections,
  visitors,
  agents,
  opened,
  workers,
  processes: pids.length,
  rampSeconds: Math.round(rampSeconds * 10) / 10,
  holdSeconds,
  perKind,
  rssPerConnectionKb: Math.round(((heldRss - baselineRss) / Math.max(1, opened) / 1024) * 10) / 10,
  totalRssMb: Math.round(heldRss / 1024 / 1024),
  idleCpuPercent: Math.round(idleCpuPercent * 10) / 10,
  drops,
  stillOpen,
  loadProcesses: clients.length,
};
for (const client of clients) client.child.send({ kind: "close" });
await server.stop();
await cluster.drop();

const stamp = result.at.replace(/[:.]/g, "-");
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/${stamp}-connections.json`, JSON.stringify(result, null, 2));
const kindName: Record<Kind, string> = {
  visitor: "idle visitor (signals)",
  visitorChatting: "visitor with an open conversation (signals + thread)",
  agent: "agent (inbox)",
};
const markdown = [
  `# Connections benchmark, ${result.at}`,
  "",
  `${result.opened} of ${connections} authenticated sockets (${visitors} visitors, a third of them with an open conversation, and ${agents} agents), opened kind after kind by ${clients.length} load processes, on ${workers} worker(s) (${result.processes} processes with a primary), MariaDB and Redis on the same box; held ${holdSeconds} s through the heartbeat. Commit ${gitCommit}; load average at the end ${result.loadAverage.join(" / ")} (2 cores, shared with other work).`,
  "",
  "| kind | sockets | RSS per socket (growth while it ramped) | ramp (s) | failed to open |",
  "|---|---|---|---|---|",
  ...perKind.map(
    (kind) =>
      `| ${kindName[kind.kind]} | ${kind.sockets} | ${kind.rssKbPerSocket} KB | ${kind.rampSeconds} | ${JSON.stringify(kind.failures)} |`,
  ),
  "",
  "| sockets held | RSS per socket (all kinds) | total RSS | idle CPU (serving processes) | drops while held | open at the end |",
  "|---|---|---|---|---|---|",
  `| ${result.opened} | ${result.rssPerConnectionKb} KB | ${result.totalRssMb} MB | ${result.idleCpuPercent} % of a core | ${drops} | ${stillOpen} |`,
  "",
  `![RSS while ramping](${stamp}-connections.svg)`,
].join("\n");
writeFileSync(
  `bench/results/${stamp}-connections.svg`,
  barChartSvg(
    "serving processes' RSS while ramping (MB)",
    "MB",
    rampSamples
      .filter((_, i) => i % Math.max(1, Math.ceil(rampSamples.length / 12)) === 0 || i === rampSamples.length - 1)
      .map((sample) => ({ label: `${sample.opened} sockets`, value: sample.rssMb })),
  ),
);
writeFileSync(`bench/results/${stamp}-connections.md`, `${markdown}\n`);
console.log(markdown);
process.exit(0);
