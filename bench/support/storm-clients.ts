// One load-generator process of bench/storm.ts: opens COUNT agent clients from LOCAL_ADDRESS with the app's own
// transport (resilientLinks: server-told heartbeat, jittered reconnects, subscriptions resumed), each subscribed to
// its inbox, and records every time a subscription (re)started. Talks to the bench over IPC.
import { createTRPCClient } from "@trpc/client";
import WebSocket from "ws";
import { resilientLinks } from "../../client/links/resilient-links.ts";
import type { AppRouter } from "../../server/trpc/router.ts";

const baseUrl = process.env.BASE_URL!;
const cookie = process.env.COOKIE!;
const count = Number(process.env.COUNT);
const localAddress = process.env.LOCAL_ADDRESS!;

/** Why connection attempts failed, by error message (refused while the node is down, 503 past its accept rate, …). */
const failures = new Map<string, number>();
let attempts = 0;

class AgentSocket extends WebSocket {
  constructor(address: string | URL, protocols?: string | string[]) {
    super(address, protocols, { headers: { cookie }, localAddress, perMessageDeflate: false });
    attempts++;
    this.on("error", (error) => {
      const reason = error.message.replace(/\d+\.\d+\.\d+\.\d+:\d+/, "<address>");
      failures.set(reason, (failures.get(reason) ?? 0) + 1);
    });
  }
}

/** Per client, each time its inbox subscription was (re)started, in ms since the epoch. */
const starts: number[][] = Array.from({ length: count }, () => []);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (let i = 0; i < count; i += 100) {
  for (let j = i; j < Math.min(count, i + 100); j++) {
    const transport = resilientLinks({ baseUrl, WebSocket: AgentSocket as unknown as typeof globalThis.WebSocket });
    const trpc = createTRPCClient<AppRouter>({ links: transport.links });
    trpc.agent.onInbox.subscribe(undefined, { onStarted: () => starts[j]!.push(Date.now()), onError: () => {} });
  }
  await sleep(50);
}
while (starts.some((times) => times.length === 0)) await sleep(200);
process.send!({ type: "ready" });

process.on("message", (message: { type: "since"; at: number } | { type: "exit" }) => {
  if (message.type === "exit") process.exit(0);
  // How long after `at` each client's subscription was live again (null: not yet).
  const back = starts.map((times) => {
    const first = times.find((time) => time >= message.at);
    return first === undefined ? null : first - message.at;
  });
  process.send!({ type: "since", back, attempts, failures: Object.fromEntries(failures) });
});
