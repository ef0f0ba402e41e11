import { createTRPCClient, httpLink, type TRPCClient } from "@trpc/client";
import { ulid } from "ulid";
import type { AppRouter } from "../server/trpc/router.ts";
import type { SendAck, VisitorMessage } from "../server/contracts/messages.ts";
import { resilientLinks } from "../client/links/resilient-links.ts";
import { sendUntilAcked } from "../client/send-until-acked.ts";
import { visitorSession } from "../client/visitor-session.ts";

/**
 * The visitor side of Parley as a small typed client: the widget's panel uses it in the browser, and native, React
 * Native or Node apps use it the same way (pass `WebSocket` from the `ws` package on Node 20). It opens a visitor
 * session, keeps one WebSocket that reconnects with jittered backoff, resumes the thread after the last seq it saw,
 * and sends each message with a client-made id until it is acknowledged, so nothing is lost or doubled.
 */
export type VisitorClientOptions = {
  /** Where Parley runs, e.g. `https://chat.example.com`. */
  baseUrl: string;
  siteKey: string;
  /** The visitor's stable random id (16–64 of A–Z a–z 0–9 - _), kept by the app between runs. */
  deviceId: string;
  page?: string;
  /** The host page's referrer and the browser's IANA time zone: context for the agent. */
  referrer?: string;
  timezone?: string;
  /** The browser's language (navigator.language): routing rules may send the visitor to a team speaking it. */
  language?: string;
  /** Sent as Origin for the session call where the runtime allows it (Node); browsers send their own. */
  origin?: string;
  WebSocket?: typeof globalThis.WebSocket;
  /** For the server-sent events fallback where the runtime has no EventSource (Node: the `eventsource` package). */
  EventSource?: typeof globalThis.EventSource;
  /** The socket went down (false) or came back (true). */
  onLink?: (up: boolean) => void;
  /** The site refused this visitor (unknown site, origin not allowed): retrying will not help. */
  onFatal?: (message: string) => void;
};

export type VisitorClient = {
  trpc: TRPCClient<AppRouter>;
  /**
   * Sends one message; resolves with the ack once it is stored (retrying through network loss), rejects if refused.
   * `fresh`: the visitor chose "New conversation" (after a resolve, this message starts one).
   */
  send: (body: string, clientMsgId?: string, options?: { fresh?: boolean }) => Promise<SendAck>;
  /** Live thread from after `afterSeq`; resumes by itself after reconnects. Returns the stop function. */
  onMessage: (afterSeq: number, handler: (message: VisitorMessage) => void) => () => void;
  /** Restarts ended thread streams: call it when you learn the conversation exists (e.g. another tab started it). */
  resume: () => void;
  /** The current visitor token (refreshed when near expiry), for plain HTTP calls such as file uploads. */
  token: () => Promise<string>;
  close: () => void;
  /** How it talks to the server now: WebSocket, or server-sent events + HTTP after WebSocket proved blocked. */
  transport: () => "websocket" | "sse";
  /** The widget release this device is on (the same answer the loader and the H5 page get), or null without releases. */
  release: () => Promise<string | null>;
};

export function createVisitorClient(options: VisitorClientOptions): VisitorClient {
  const base = options.baseUrl.replace(/\/$/, "");
  const http = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${base}/api/trpc`, headers: () => (options.origin ? { origin: options.origin } : {}) })],
  });
  const freshToken = visitorSession(http, options, options.onFatal);
  const transport = resilientLinks({
    baseUrl: base,
    visitorToken: freshToken,
    headers: (): Record<string, string> => (options.origin ? { origin: options.origin } : {}),
    WebSocket: options.WebSocket,
    EventSource: options.EventSource,
    onLink: options.onLink,
    socketQuery: { site: options.siteKey },
  });
  const trpc = createTRPCClient<AppRouter>({ links: transport.links });
  // The thread stream ends at once while the visitor has no conversation; a successful send restarts it.
  type Watcher = { lastSeq: number; handler: (message: VisitorMessage) => void; subscription: { unsubscribe: () => void } | null };
  const watchers = new Set<Watcher>();

  function watch(watcher: Watcher) {
    if (watcher.subscription) return;
    watcher.subscription = trpc.visitor.onThread.subscribe(
      { lastEventId: String(watcher.lastSeq) },
      {
        onData: ({ data }) => {
          watcher.lastSeq = Math.max(watcher.lastSeq, data.seq);
          watcher.handler(data);
        },
        onComplete: () => (watcher.subscription = null),
        onError: () => (watcher.subscription = null),
      },
    );
  }

  return {
    trpc,
    async send(body, clientMsgId = ulid(), options = {}) {
      const ack = await sendUntilAcked(() => trpc.visitor.send.mutate({ clientMsgId, body, ...(options.fresh ? { fresh: true } : {}) }));
      watchers.forEach(watch);
      return ack;
    },
    onMessage(afterSeq, handler) {
      const watcher: Watcher = { lastSeq: afterSeq, handler, subscription: null };
      watchers.add(watcher);
      watch(watcher);
      return () => {
        watchers.delete(watcher);
        watcher.subscription?.unsubscribe();
      };
    },
    resume: () => watchers.forEach(watch),
    close: transport.close,
    transport: transport.transport,
    token: freshToken,
    async release() {
      const response = await fetch(`${base}/widget/release?device=${encodeURIComponent(options.deviceId)}`);
      if (!response.ok) throw new Error(`widget release: HTTP ${response.status}`);
      return ((await response.json()) as { release: { id: string } | null }).release?.id ?? null;
    },
  };
}
