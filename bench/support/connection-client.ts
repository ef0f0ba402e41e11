// One load-generating process of bench/connections.ts: opens its share of idle agent sockets (one process may hold at
// most 20,000 files here) from its own 127.0.0.x source address, subscribes each to the inbox, and reports to the
// parent over IPC: how many opened, then how many dropped while held.
import WebSocket from "ws";

type Job = { wsUrl: string; cookie: string; count: number; localAddress: string };
type Command = { kind: "hold" } | { kind: "report" } | { kind: "close" };

const job = JSON.parse(process.env.BENCH_CLIENT_JOB!) as Job;
const sockets: WebSocket[] = [];
let holding = false;
let drops = 0;
/** Sockets that never opened, by the error they got (ECONNRESET, 503 …), so a short ramp says why. */
const failures: Record<string, number> = {};

const open = () =>
  new Promise<void>((resolve) => {
    const socket = new WebSocket(job.wsUrl, { headers: { cookie: job.cookie }, localAddress: job.localAddress, perMessageDeflate: false });
    socket.once("open", () => {
      socket.send(JSON.stringify({ id: 1, method: "subscription", params: { path: "agent.onInbox", input: undefined } }));
      resolve();
    });
    // The server's heartbeat: an idle socket that does not answer is closed, as a dead peer should be.
    socket.on("message", (data) => {
      if (String(data) === "PING") socket.send("PONG");
    });
    socket.once("error", (error: Error & { code?: string }) => {
      const reason = error.code ?? error.message.slice(0, 60);
      failures[reason] = (failures[reason] ?? 0) + 1;
      resolve();
    });
    socket.once("close", () => {
      if (holding) drops++;
    });
    sockets.push(socket);
  });

for (let i = 0; i < job.count; i += 200) {
  await Promise.all(Array.from({ length: Math.min(200, job.count - i) }, open));
  process.send!({ kind: "progress", opened: sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length });
}
process.send!({ kind: "ramped", opened: sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length, failures });

process.on("message", (command: Command) => {
  if (command.kind === "hold") holding = true;
  else if (command.kind === "report") {
    holding = false;
    process.send!({ kind: "report", drops, open: sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length });
  } else {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  }
});
