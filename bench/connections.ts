// Connections benchmark: ramp to BENCH_CONNECTIONS idle agent sockets (authenticated, each subscribed to its inbox)
// across BENCH_WORKERS serving processes, hold them through heartbeats, and report memory per connection, idle CPU and
// drops. The load comes from several 127.0.0.x source addresses (about 28k ports each). Writes
// bench/results/<timestamp>-connections.{json,md}. Needs the build, MariaDB and Redis (like bench/delivery.ts).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import WebSocket from "ws";
import { createClusterEnvironment } from "../tests/e2e/support/mysql.ts";
import { demoEmail, demoPassword, startServer } from "../tests/e2e/support/server.ts";
import { rssBytes } from "./support/stats.ts";

const connections = Number(process.env.BENCH_CONNECTIONS ?? 10_000);
const workers = Number(process.env.BENCH_WORKERS ?? 3);
const holdSeconds = Number(process.env.BENCH_HOLD_SECONDS ?? 40);
const perSourceAddress = 25_000;
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

let drops = 0;
let holding = false;
const sockets: WebSocket[] = [];
const rampStarted = performance.now();
const open = (index: number) =>
  new Promise<void>((resolve) => {
    const localAddress = `127.0.0.${1 + Math.floor(index / perSourceAddress)}`;
    const socket = new WebSocket(wsUrl, { headers: { cookie }, localAddress, perMessageDeflate: false });
    socket.once("open", () => {
      socket.send(JSON.stringify({ id: 1, method: "subscription", params: { path: "agent.onInbox", input: undefined } }));
      resolve();
    });
    socket.once("error", () => resolve());
    socket.once("close", () => {
      if (holding) drops++;
    });
    sockets.push(socket);
  });
for (let i = 0; i < connections; i += 200) {
  await Promise.all(Array.from({ length: Math.min(200, connections - i) }, (_, j) => open(i + j)));
}
const rampSeconds = (performance.now() - rampStarted) / 1000;
const opened = sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length;
await sleep(3000);

holding = true;
const cpuBefore = cpuOf();
await sleep(holdSeconds * 1000);
const idleCpuPercent = ((cpuOf() - cpuBefore) / holdSeconds) * 100;
const heldRss = memoryOf();
holding = false;

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
};
sockets.forEach((socket) => socket.terminate());
await server.stop();
await cluster.drop();

const stamp = result.at.replace(/[:.]/g, "-");
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/${stamp}-connections.json`, JSON.stringify(result, null, 2));
const markdown = [
  `# Connections benchmark, ${result.at}`,
  "",
  `${result.opened} of ${connections} authenticated agent sockets, each with a live inbox subscription, across ${workers} workers (${result.processes} processes with the primary), held ${holdSeconds} s through the 25 s heartbeat.`,
  "",
  "| connections | ramp (s) | RSS per connection | total RSS | idle CPU (all processes) | drops while held |",
  "|---|---|---|---|---|---|",
  `| ${result.opened} | ${result.rampSeconds} | ${result.rssPerConnectionKb} KB | ${result.totalRssMb} MB | ${result.idleCpuPercent} % of a core | ${drops} |`,
].join("\n");
writeFileSync(`bench/results/${stamp}-connections.md`, markdown + "\n");
console.log(markdown);
process.exit(0);
