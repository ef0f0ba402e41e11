import { AsyncLocalStorage } from "node:async_hooks";
import type { WebSocket } from "ws";
import { acceptsPreframed, PreframedText, sharedBytes, type SharedBytes } from "./ws-frames.ts";

/**
 * The lean frame path beside tRPC's per-subscription loop (issue #11: tRPC's async-iterator machinery and its
 * garbage were two thirds of the server's CPU once the database path was lean, ~42 deliveries per message). A
 * subscription procedure that delivers bus events (the inbox list, a conversation's thread) may write its data frames
 * itself: exactly the frame tRPC would write, `{"id":<its id>,"result":{"type":"data","data":…}}` for an untracked
 * event and `{"id":<its id>,"result":{"type":"data","id":<event id>,"data":{"id":<event id>,"data":…}}}` for a
 * tracked() one, so tRPC clients read them unchanged (and resend the last event id on reconnect), while tRPC keeps
 * the call's life cycle (started, stopped, errors, abort, the per-call limits and subscription cap of
 * server/trpc/init.ts).
 *
 * The procedure does not see its socket or its JSON-RPC id, so the ws server notes them as each frame arrives
 * (noteSubscriptions, before tRPC's own listener runs in the same emit) in an AsyncLocalStorage that tRPC's handling
 * of that frame inherits; the procedure then claims them by its place in the frame's batch (tRPC's batchIndex), so
 * two subscriptions in one batch never swap ids. Anywhere else — HTTP/SSE, a server-side caller — there is nothing to
 * claim and the procedure yields as usual.
 */
export type LeanSubscription = {
  /** Writes one data frame: this subscription's head, then `rest` (dataFrameRest or trackedFrameRest). */
  send(rest: SharedBytes): void;
};

/**
 * What follows a subscription's head in an untracked data frame. Built once per event and node, and shared by every
 * subscription that gets it: the event is encoded to bytes once, not once per socket (ws-frames.ts).
 */
export const dataFrameRest = (json: string): SharedBytes => sharedBytes(`"data":${json}}}`);

/** What follows a subscription's head in a tracked data frame (tRPC's tracked(id, event)); shared like dataFrameRest. */
export function trackedFrameRest(id: string, json: string): SharedBytes {
  const eventId = JSON.stringify(id);
  return sharedBytes(`"id":${eventId},"data":{"id":${eventId},"data":${json}}}}`);
}

type Request = { path: string; id: unknown; jsonrpc: unknown };
/** The frame's calls by batch index; null where a call is not a lean subscription. */
type Noted = { ws: WebSocket; requests: (Request | null)[] };

const frameContext = new AsyncLocalStorage<Noted | null>();

/** The paths whose subscriptions can take the lean path; only frames naming one are parsed a second time. */
const leanPaths = ["agent.onInbox", "agent.onThread", "visitor.onThread"];

const namesLeanPath = (data: Buffer) => leanPaths.some((path) => data.includes(path));

/** Called once per socket, before tRPC's handler is attached. */
export function noteSubscriptions(ws: WebSocket): void {
  // The store set here lives on in the socket's later callbacks, so every frame replaces it (with null when it
  // carries no lean subscription): a call never claims what an earlier frame noted.
  let noted = false;
  ws.on("message", (data: Buffer, isBinary: boolean) => {
    const requests = isBinary || !namesLeanPath(data) ? null : leanRequests(data);
    if (requests) {
      frameContext.enterWith({ ws, requests });
      noted = true;
    } else if (noted) {
      frameContext.enterWith(null);
      noted = false;
    }
  });
}

function leanRequests(data: Buffer): Noted["requests"] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString("utf8"));
  } catch {
    return null; // tRPC answers the parse error
  }
  let any = false;
  const requests = (Array.isArray(parsed) ? parsed : [parsed]).map((call) => {
    const request = call as { id?: unknown; jsonrpc?: unknown; method?: unknown; params?: { path?: unknown } };
    const path = request?.params?.path;
    if (request?.method !== "subscription" || typeof path !== "string" || !leanPaths.includes(path)) return null;
    any = true;
    return { path, id: request.id, jsonrpc: request.jsonrpc };
  });
  return any ? requests : null;
}

/**
 * The socket and id of the subscription call being run (`call` is the procedure's options: its batchIndex), when it
 * came over this node's WebSocket server; null anywhere else. A call claims once.
 */
export function claimLeanSubscription(path: string, call: { batchIndex?: number }): LeanSubscription | null {
  const noted = frameContext.getStore();
  const index = call.batchIndex ?? 0;
  const request = noted?.requests[index];
  if (!noted || !request || request.path !== path) return null;
  noted.requests[index] = null;
  const { ws } = noted;
  const head = sharedBytes(
    `{"id":${JSON.stringify(request.id ?? null)},${request.jsonrpc === undefined ? "" : `"jsonrpc":${JSON.stringify(request.jsonrpc)},`}"result":{"type":"data",`,
  );
  const preframed = acceptsPreframed(ws);
  return {
    send(rest) {
      if (ws.readyState !== ws.OPEN) return;
      if (preframed) ws.send(new PreframedText(head, rest) as unknown as string);
      else ws.send(head.text + rest.text);
    },
  };
}
