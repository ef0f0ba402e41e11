// Connect cost: server CPU per WebSocket connect, for agents (session cookie) and visitors (signed token). Each
// connect opens the socket, is authenticated, answers one call (auth.me) and closes, BENCH_CONNECTS times per kind,
// BENCH_CONNECT_CONCURRENCY at once; CPU is read from /proc for the serving process. The server is `dist/server.mjs`
// of the current directory, so the same script measures another build by running it from that build's folder.
// Needs the build, MariaDB and Redis (DATABASE_URL=mysql://… REDIS_URL=…), like bench/connections.ts.
import { readFileSync } from "node:fs";
import WebSocket from "ws";
import { createClusterEnvironment } from "../tests/e2e/support/mysql.ts";
import { demoEmail, demoPassword, startServer } from "../tests/e2e/support/server.ts";

const connects = Number(process.env.BENCH_CONNECTS ?? 2000);
const concurrency = Number(process.env.BENCH_CONNECT_CONCURRENCY ?? 50);

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const cluster = await createClusterEnvironment();
const server = await startServer({ ...cluster.env, WS_ACCEPT_PER_SECOND: "100000" });
const pid = Number([...server.logs.join("").matchAll(/"pid":(\d+)/g)][0]![1]);
const wsUrl = `${server.url.replace("http", "ws")}/api/trpc-ws`;
const login = await fetch(`${server.url}/api/trpc/auth.login`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ email: demoEmail, password: demoPassword }),
});
const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
const session = await fetch(`${server.url}/api/trpc/widget.session`, {
  method: "POST",
  headers: { "content-type": "application/json", origin: server.url },
  body: JSON.stringify({ siteKey: "demo", deviceId: "bench-connect-cost-0001" }),
});
const visitorToken = ((await session.json()) as { result: { data: { token: string } } }).result.data.token;

/** One connect: open, authenticate, one call answered, close. */
function connectOnce(kind: "agent" | "visitor"): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket =
      kind === "agent"
        ? new WebSocket(wsUrl, { headers: { cookie }, perMessageDeflate: false })
        : new WebSocket(`${wsUrl}?connectionParams=1`, { perMessageDeflate: false });
    socket.once("open", () => {
      if (kind === "visitor") socket.send(JSON.stringify({ method: "connectionParams", data: { visitorToken } }));
      socket.send(JSON.stringify({ id: 1, method: "query", params: { path: "auth.me" } }));
    });
    socket.on("message", (data) => {
      const answer = JSON.parse(String(data)) as { id: number | null; result?: unknown; error?: unknown };
      if (answer.id !== 1) return;
      if (kind === "agent" && !answer.result) reject(new Error(`agent not authenticated: ${String(data)}`));
      socket.close();
    });
    socket.once("close", () => resolve());
    socket.once("error", reject);
  });
}

async function measure(kind: "agent" | "visitor") {
  // Warm up (first connects load code paths and fill caches), then measure.
  for (let i = 0; i < 100; i++) await connectOnce(kind);
  const cpuBefore = cpuSeconds(pid);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < connects) await connectOnce(kind);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = (cpuSeconds(pid) - cpuBefore) * 1000;
  return { kind, connects, seconds: Math.round(seconds * 10) / 10, serverCpuMsPerConnect: Math.round((cpuMs / connects) * 1000) / 1000 };
}

const results = [await measure("agent"), await measure("visitor"), await measure("agent"), await measure("visitor")];
await server.stop();
await cluster.drop();
console.log(JSON.stringify({ at: new Date().toISOString(), build: process.cwd(), results }, null, 2));
process.exit(0);
