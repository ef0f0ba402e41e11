import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import WebSocket from "ws";
import { resumingLink } from "../../../client/links/resilient-links.ts";
import type { AppRouter } from "../../../server/trpc/router.ts";
import type { RunningServer } from "./server.ts";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every socket any client opens, so a test can drop random ones as a flaky network would. */
export const openSockets = new Set<WebSocket>();

/**
 * A Node client that fails over between nodes: each (re)connect tries the next URL, as a load balancer would. Live
 * streams resume after a retryable server error the way the product's clients do (resumingLink).
 */
export function clusterClient(urls: string[], auth: { cookie?: string; visitorToken?: () => Promise<string> }) {
  let next = Math.floor(Math.random() * urls.length);
  class TrackedWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, auth.cookie ? { headers: { cookie: auth.cookie } } : {});
      openSockets.add(this);
      this.on("close", () => openSockets.delete(this));
      this.on("error", () => undefined);
    }
  }
  const socket = createWSClient({
    url: () => urls[next++ % urls.length]!,
    WebSocket: TrackedWebSocket as unknown as typeof globalThis.WebSocket,
    retryDelayMs: (attempt) => Math.random() * Math.min(2000, 100 * 2 ** attempt),
    ...(auth.visitorToken ? { connectionParams: async () => ({ visitorToken: await auth.visitorToken!() }) } : {}),
  });
  return { trpc: createTRPCClient<AppRouter>({ links: [resumingLink(), wsLink({ client: socket })] }), close: () => socket.close() };
}

/** Calls until it is acknowledged: the same clientMsgId every time, so a retry can never make a second copy. */
export async function untilAcked<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch {
      await sleep(Math.min(1000, 50 * 2 ** attempt));
    }
  }
}

/** A tRPC mutation over HTTP, retried on the next node until one answers 2xx. */
export async function httpCall(nodes: RunningServer[], path: string, body: unknown, headers: Record<string, string> = {}) {
  for (let attempt = 0; ; attempt++) {
    const node = nodes[attempt % nodes.length]!;
    try {
      const response = await fetch(`${node.url}/api/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: node.url, ...headers },
        body: JSON.stringify(body),
      });
      if (response.ok) return response;
    } catch {
      // that node is down: try the next
    }
    await sleep(100);
  }
}

export type StoredThread = { messages: { seq: number; clientMsgId: string; type: string }[] };

/** Each conversation's thread as the database has it, read through the agent API. */
export async function fetchThreads(node: RunningServer, cookie: string, conversationIds: string[]): Promise<StoredThread[]> {
  const threads = [];
  for (const conversationId of conversationIds) {
    const input = encodeURIComponent(JSON.stringify({ conversationId, limit: 200 }));
    const response = await fetch(`${node.url}/api/trpc/agent.messages?input=${input}`, { headers: { cookie } });
    const body = (await response.json()) as { result: { data: StoredThread } };
    threads.push(body.result.data);
  }
  return threads;
}
