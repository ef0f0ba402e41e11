// One load-generating process of bench/connections.ts: opens its share of sockets of one kind (one process may hold at
// most 20,000 files here) from its own 127.0.0.x source address, and reports to the parent over IPC: how many opened,
// then how many dropped while held. Kinds, as the widget and the inbox use them:
// - "agent": the session cookie, a live inbox subscription (agent.onInbox);
// - "visitor": a visitor session of its own (widget.session), its signals subscription (visitor.onSignals), as the
//   widget holds it before the visitor writes;
// - "visitorChatting": the same, plus one message sent (an open conversation) and its thread (visitor.onThread).
import WebSocket from "ws";

type Kind = "agent" | "visitor" | "visitorChatting";
type Job = { kind: Kind; baseUrl: string; wsUrl: string; cookie: string; count: number; localAddress: string; offset: number };
type Command = { kind: "hold" } | { kind: "report" } | { kind: "close" };

const job = JSON.parse(process.env.BENCH_CLIENT_JOB!) as Job;
const sockets: WebSocket[] = [];
let holding = false;
let drops = 0;
/** Sockets that never opened (or never got their subscription), by the error they got, so a short ramp says why. */
const failures: Record<string, number> = {};
const fail = (reason: string) => {
  failures[reason] = (failures[reason] ?? 0) + 1;
};

async function visitorToken(index: number): Promise<string | null> {
  const response = await fetch(`${job.baseUrl}/api/trpc/widget.session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: job.baseUrl },
    body: JSON.stringify({ siteKey: "demo", deviceId: `bench-sockets-${job.kind}-${job.offset + index}-${process.pid}` }),
  }).catch((error: Error) => ({ ok: false, status: error.message }) as const);
  if (!response.ok) {
    fail(`session ${response.status}`);
    return null;
  }
  return ((await response.json()) as { result: { data: { token: string } } }).result.data.token;
}

const clientMsgId = (index: number) => `bench${String(job.offset + index).padStart(10, "0")}${process.pid}`.slice(0, 26).padEnd(26, "0");

const open = async (index: number) => {
  const token = job.kind === "agent" ? null : await visitorToken(index);
  if (job.kind !== "agent" && !token) return;
  await new Promise<void>((resolve) => {
    const url = job.kind === "agent" ? job.wsUrl : `${job.wsUrl}?connectionParams=1`;
    const socket = new WebSocket(url, {
      headers: job.kind === "agent" ? { cookie: job.cookie } : { origin: job.baseUrl },
      localAddress: job.localAddress,
      perMessageDeflate: false,
    });
    let settled = false;
    const done = () => {
      if (!settled) resolve();
      settled = true;
    };
    socket.once("open", () => {
      if (job.kind === "agent") {
        socket.send(JSON.stringify({ id: 1, method: "subscription", params: { path: "agent.onInbox", input: undefined } }));
        return done();
      }
      socket.send(JSON.stringify({ method: "connectionParams", data: { visitorToken: token } }));
      socket.send(JSON.stringify({ id: 1, method: "subscription", params: { path: "visitor.onSignals", input: undefined } }));
      if (job.kind === "visitor") return done();
      socket.send(
        JSON.stringify({
          id: 2,
          method: "mutation",
          params: { path: "visitor.send", input: { clientMsgId: clientMsgId(index), body: "hello from the sockets bench" } },
        }),
      );
    });
    socket.on("message", (data) => {
      const text = String(data);
      // The server's heartbeat: an idle socket that does not answer is closed, as a dead peer should be.
      if (text === "PING") return void socket.send("PONG");
      if (job.kind !== "visitorChatting" || settled || !text.startsWith('{"id":2')) return;
      const answer = JSON.parse(text) as { result?: { data?: { seq?: number } }; error?: { message?: string } };
      if (answer.result?.data?.seq === undefined) fail(`send: ${answer.error?.message?.slice(0, 60) ?? text.slice(0, 60)}`);
      else
        socket.send(
          JSON.stringify({
            id: 3,
            method: "subscription",
            params: { path: "visitor.onThread", input: { lastEventId: String(answer.result.data.seq) } },
          }),
        );
      done();
    });
    socket.once("error", (error: Error & { code?: string }) => {
      fail(error.code ?? error.message.slice(0, 60));
      done();
    });
    socket.once("close", () => {
      if (holding) drops++;
      done();
    });
    sockets.push(socket);
  });
};

const batch = job.kind === "agent" ? 200 : 50;
for (let i = 0; i < job.count; i += batch) {
  await Promise.all(Array.from({ length: Math.min(batch, job.count - i) }, (_, j) => open(i + j)));
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
