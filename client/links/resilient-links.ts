import { createWSClient, httpLink, httpSubscriptionLink, retryLink, splitLink, wsLink, type TRPCLink } from "@trpc/client";
import { observable, type Unsubscribable } from "@trpc/server/observable";
import { EventSource as FetchEventSource, type FetchLike } from "eventsource";
import { closeCodes } from "../../server/contracts/close-codes.ts";
import { afterFailureParam } from "../../server/contracts/heartbeat.ts";
import { reconnectTicketParam } from "../../server/contracts/reconnect.ts";
import { waitForReconnectSlot } from "./reconnect-wait.ts";
import type { AppRouter } from "../../server/trpc/router.ts";
import { reconnectDelayMs, reconnectPolicy } from "./reconnect-policy.ts";
import { followServerHeartbeat } from "./server-heartbeat.ts";
import { isRetryable } from "../thread.ts";

const failuresBeforeFallback = 3;
/** A socket that closes sooner than this after opening (or never opens) counts as blocked. */
const quickFailureMs = 3000;

export type ResilientLinksOptions = {
  /** The app's origin, e.g. `https://chat.example.com`. */
  baseUrl: string;
  /** Visitors authenticate every connection with a fresh token; agents ride on their session cookie. */
  visitorToken?: () => Promise<string>;
  /** Headers for HTTP calls (e.g. Origin where the runtime lets us set it). */
  headers?: () => Record<string, string>;
  WebSocket?: typeof globalThis.WebSocket;
  /**
   * Agents' fallback streams (on their cookie); where the runtime has none, there is no fallback for them. Visitors'
   * streams always use the fetch-based `eventsource` package, which can send the token in a header.
   */
  EventSource?: typeof globalThis.EventSource;
  /** The link went down (false) or came back (true), whichever transport carries it. */
  onLink?: (up: boolean) => void;
  /** A visitor socket names its site (`site`), so the server can check the page's origin against the site's list. */
  socketQuery?: Record<string, string>;
  /** The server closed the socket because the session ended (4001) or the user's rights changed (4003). */
  onAccessChange?: (change: "session_ended" | "rights_changed") => void;
};

/**
 * How every client we ship talks to the server: one WebSocket that reconnects with jittered backoff and honours the
 * server's close codes; where a proxy blocks WebSocket (sockets die at once, again and again), plain HTTP calls and
 * server-sent events for live streams, resuming by seq the same way. Calls caught in a lost socket are made again.
 */
export function resilientLinks(options: ResilientLinksOptions) {
  const base = options.baseUrl.replace(/\/$/, "");
  const httpUrl = `${base}/api/trpc`;
  const EventSourceImpl = options.visitorToken ? FetchEventSource : (options.EventSource ?? globalThis.EventSource);
  let closedByUs = false;
  const reconnect = reconnectPolicy(Math.random, globalThis, (sleep) =>
    waitForReconnectSlot({ baseUrl: base, sleep, wanted: () => !closedByUs }),
  );
  let transport: "websocket" | "sse" = "websocket";
  let openedAt = 0;
  let quickFailures = 0;
  let everOpened = false;
  let afterFailure = false;
  const wsUrl = `${base.replace(/^http/, "ws")}/api/trpc-ws`;
  const WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
  const socket = createWSClient({
    // The wait before a reconnect happens here, where `online` or a page made visible can cut it short. After a
    // lost socket the server pings the new one more often for a while, in case the network fails again.
    url: async () => {
      const ticket = await reconnect.beforeConnect();
      const query = new URLSearchParams(options.socketQuery);
      if (afterFailure) query.set(afterFailureParam, "1");
      if (ticket) query.set(reconnectTicketParam, ticket);
      const search = query.toString();
      return search ? `${wsUrl}?${search}` : wsUrl;
    },
    ...(WebSocketImpl ? { WebSocket: followServerHeartbeat(WebSocketImpl) } : {}),
    retryDelayMs: reconnect.retryDelayMs,
    // The server drives the heartbeat and tells the interval; the socket class above follows it.
    keepAlive: { enabled: false },
    lazy: { enabled: false, closeMs: 0 },
    ...(options.visitorToken ? { connectionParams: async () => ({ visitorToken: await options.visitorToken!() }) } : {}),
    onOpen: () => {
      reconnect.onOpen();
      openedAt = Date.now();
      everOpened = true;
      options.onLink?.(true);
    },
    onClose: (cause) => {
      reconnect.onClose(cause);
      if (cause?.code === closeCodes.sessionEnded) options.onAccessChange?.("session_ended");
      if (cause?.code === closeCodes.rightsChanged) options.onAccessChange?.("rights_changed");
      afterFailure = !closedByUs;
      quickFailures = openedAt === 0 || Date.now() - openedAt < quickFailureMs ? quickFailures + 1 : 0;
      openedAt = 0;
      options.onLink?.(false);
      // Sockets that never open while plain HTTP answers mean something in between blocks WebSocket. A socket that
      // worked before, or a server that does not answer HTTP either, is a restart or an outage: the socket comes
      // back with the server, and moving every client to SSE for good would outlast it.
      if (transport === "websocket" && !everOpened && quickFailures >= failuresBeforeFallback && EventSourceImpl) {
        void serverAnswersHttp(base).then((answers) => {
          if (!answers || transport !== "websocket" || everOpened) return;
          transport = "sse";
          closedByUs = true;
          void socket.close();
          options.onLink?.(true);
        });
      }
    },
  });
  const httpHeaders = async () => ({
    ...options.headers?.(),
    ...(options.visitorToken ? { authorization: `Bearer ${await options.visitorToken()}` } : {}),
  });
  // A live stream that was on the socket when it gave up continues over server-sent events, from the last event id
  // it delivered, so the caller's subscription never notices the move.
  const handover = resumingLink({
    resumeOnComplete: (onSocket) => onSocket && transport !== "websocket",
    isOnSocket: () => transport === "websocket",
  });
  const links: TRPCLink<AppRouter>[] = [
    handover,
    retryLink({
      retry: ({ op, error, attempts }) => op.type !== "subscription" && attempts <= 4 && isRetryable(error),
      retryDelayMs: (attempt) => reconnectDelayMs(Math.min(attempt, 3)),
    }),
    splitLink({
      condition: () => transport === "websocket",
      true: wsLink({ client: socket }),
      false: splitLink({
        condition: (op) => op.type === "subscription",
        // The visitor token goes in the Authorization header of each (re)connection, never in the URL, where
        // proxies and access logs would keep it. A fresh token is fetched for every connection.
        true: options.visitorToken
          ? httpSubscriptionLink({
              url: httpUrl,
              EventSource: FetchEventSource,
              eventSourceOptions: () => ({ fetch: withBearer(options.visitorToken!) }),
            })
          : httpSubscriptionLink({ url: httpUrl, EventSource: options.EventSource ?? globalThis.EventSource }),
        false: httpLink({ url: httpUrl, headers: httpHeaders }),
      }),
    }),
  ];
  const close = () => {
    closedByUs = true;
    void socket.close();
  };
  return { links, close, transport: () => transport };
}

/** A fetch for the event stream that adds `Authorization: Bearer <fresh visitor token>`. */
export function withBearer(token: () => Promise<string>, fetchImpl: FetchLike = (url, init) => fetch(url, init)): FetchLike {
  return async (url, init) => fetchImpl(url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${await token()}` } });
}

/** The app's liveness page answers 2xx: the server is up and reachable over plain HTTP. */
function serverAnswersHttp(base: string): Promise<boolean> {
  return fetch(`${base}/healthz`, { cache: "no-store" }).then(
    (response) => response.ok,
    () => false,
  );
}

/**
 * Keeps a live stream going from its last event id: after the server ended it with a retryable error (a node that
 * could not reach its database or Redis for a moment), with backoff; and, when `resumeOnComplete` says so, after it
 * completed (the transport under it changed).
 */
export function resumingLink(
  options: { resumeOnComplete?: (wasOnSocket: boolean) => boolean; isOnSocket?: () => boolean } = {},
): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let current: Unsubscribable | undefined;
        let retryTimer: ReturnType<typeof setTimeout> | undefined;
        let lastEventId: string | undefined;
        let failures = 0;
        const resumed = () =>
          op.input && typeof op.input === "object" && lastEventId !== undefined ? { ...op, input: { ...op.input, lastEventId } } : op;
        const start = (operation: typeof op) => {
          const onSocket = options.isOnSocket?.() ?? true;
          current = next(operation).subscribe({
            next: (value) => {
              const id = (value.result as { id?: unknown }).id;
              if (typeof id === "string") lastEventId = id;
              failures = 0;
              observer.next(value);
            },
            error: (error) => {
              if (op.type !== "subscription" || !isRetryable(error)) return observer.error(error);
              retryTimer = setTimeout(() => start(resumed()), reconnectDelayMs(Math.min(failures++, 4)));
            },
            complete: () => {
              if (op.type === "subscription" && options.resumeOnComplete?.(onSocket)) return start(resumed());
              observer.complete();
            },
          });
        };
        start(op);
        return () => {
          clearTimeout(retryTimer);
          current?.unsubscribe();
        };
      });
}
