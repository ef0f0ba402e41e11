// Connections benchmark: ramp to BENCH_CONNECTIONS idle agent sockets (authenticated, each subscribed to its inbox)
// across BENCH_WORKERS serving processes, hold them through heartbeats, and report memory per connection, idle CPU and
// drops. The load comes from several processes, each on its own 127.0.0.x source address (about 28k ports each).
// Writes bench/results/<timestamp>-connections.{json,md,svg}. Needs the build, MariaDB and Redis (like bench/delivery.ts).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fork } from "node:child_process";
import { createClusterEnvironment } from "../tests/e2e/support/mysql.ts";
import { demoEmail, demoPassword, startServer } from "../tests/e2e/support/server.ts";
import { barChartSvg, rssBytes } from "./support/stats.ts";

const connections = Number(process.env.BENCH_CONNECTIONS ?? 10_000);
const workers = Number(process.env.BENCH_WORKERS ?? 3);
const holdSeconds = Number(process.env.BENCH_HOLD_SECONDS ?? 40);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds a process has used so far (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const cluster = await createClusterEnvironment();
const server = await startServer({ ...cluster.env, WORKERS: String(workers), WS_ACCEPT_PER_SECOND: "100000" });
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
type ClientMessage =
  | { kind: "progress"; opened: number }
  | { kind: "ramped"; opened: number; failures: Record<string, number> }
  | { kind: "report"; drops: number; open: number };
const clients = Array.from({ length: Math.ceil(connections / perClientProcess) }, (_, index) => {
  const count = Math.min(perClientProcess, connections - index * perClientProcess);
  const job = { wsUrl, cookie, count, localAddress: `127.0.0.${index + 1}` };
  const child = fork("bench/support/connection-client.ts", { execArgv: ["--import", "tsx"], env: { ...process.env, BENCH_CLIENT_JOB: JSON.stringify(job) } });
  const state = { child, opened: 0, ramped: false, failures: {} as Record<string, number>, report: null as null | { drops: number; open: number } };
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
});
const openedNow = () => clients.reduce((sum, client) => sum + client.opened, 0);

// RSS of the serving processes as the sockets come in, for the chart.
const rampStarted = performance.now();
const rampSamples: { opened: number; rssMb: number }[] = [];
while (!clients.every((client) => client.ramped)) {
  await sleep(2000);
  rampSamples.push({ opened: openedNow(), rssMb: Math.round(memoryOf() / 1024 / 1024) });
}
const rampSeconds = (performance.now() - rampStarted) / 1000;
const opened = openedNow();
await sleep(3000);

clients.forEach((client) => client.child.send({ kind: "hold" }));
const cpuBefore = cpuOf();
await sleep(holdSeconds * 1000);
const idleCpuPercent = ((cpuOf() - cpuBefore) / holdSeconds) * 100;
const heldRss = memoryOf();
clients.forEach((client) => client.child.send({ kind: "report" }));
while (!clients.every((client) => client.report)) await sleep(100);
const drops = clients.reduce((sum, client) => sum + client.report!.drops, 0);
const stillOpen = clients.reduce((sum, client) => sum + client.report!.open, 0);

const result = {
  at: new Date().toISOString(),
  connections,
  opened,
  workers,
  processes: pids.length,
  rampSeconds: Math.round(rampSeconds * 10) / 10,
  holdSeconds,
  rssPerConnectionKb: Math.round((heldRss - baselineRss) / Math.max(1, opened) / 1024 * 10) / 10,
  totalRssMb: Math.round(heldRss / 1024 / 1024),
  idleCpuPercent: Math.round(idleCpuPercent * 10) / 10,
  drops,
  stillOpen,
  loadProcesses: clients.length,
  failedToOpen: clients.reduce<Record<string, number>>((all, client) => {
    for (const [reason, count] of Object.entries(client.failures)) all[reason] = (all[reason] ?? 0) + count;
    return all;
  }, {}),
};
clients.forEach((client) => client.child.send({ kind: "close" }));
await server.stop();
await cluster.drop();

const stamp = result.at.replace(/[:.]/g, "-");
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/${stamp}-connections.json`, JSON.stringify(result, null, 2));
const markdown = [
  `# Connections benchmark, ${result.at}`,
  "",
  `${result.opened} of ${connections} authenticated agent sockets, each with a live inbox subscription, across ${workers} workers (${result.processes} processes with the primary), opened by ${clients.length} load processes, held ${holdSeconds} s through the heartbeat.`,
  "",
  "| connections | ramp (s) | RSS per connection | total RSS | idle CPU (all processes) | drops while held | open at the end |",
  "|---|---|---|---|---|---|---|",
  `| ${result.opened} | ${result.rampSeconds} | ${result.rssPerConnectionKb} KB | ${result.totalRssMb} MB | ${result.idleCpuPercent} % of a core | ${drops} | ${stillOpen} |`,
  "",
  `Sockets that never opened, by error: ${JSON.stringify(result.failedToOpen)}.`,
  "",
  `![RSS while ramping](${stamp}-connections.svg)`,
].join("\n");
writeFileSync(
  `bench/results/${stamp}-connections.svg`,
  barChartSvg(
    "serving processes' RSS while ramping (MB)",
    "MB",
    rampSamples.filter((_, i) => i % Math.max(1, Math.ceil(rampSamples.length / 12)) === 0 || i === rampSamples.length - 1).map((sample) => ({ label: `${sample.opened} sockets`, value: sample.rssMb })),
  ),
);
writeFileSync(`bench/results/${stamp}-connections.md`, markdown + "\n");
console.log(markdown);
process.exit(0);
