import { AsyncLocalStorage } from "node:async_hooks";
import type { WebSocket } from "ws";

/**
 * The lean frame path beside tRPC's per-subscription loop (issue #11: tRPC's async-iterator machinery and its
 * garbage were two thirds of the server's CPU once the database path was lean, ~42 deliveries per message). A
 * subscription procedure that fans out a bus event to many sockets (the inbox list) may write its data frames itself:
 * exactly the frame tRPC would write for an untracked event, `{"id":<its id>,"result":{"type":"data","data":…}}`,
 * so tRPC clients read them unchanged, while tRPC keeps the call's life cycle (started, stopped, errors, abort).
 *
 * The procedure does not see its socket or its JSON-RPC id, so the ws server notes them as each frame arrives
 * (noteSubscriptions, before tRPC's own listener runs in the same emit) in an AsyncLocalStorage that tRPC's handling
 * of that frame inherits; the procedure then claims them (claimLeanSubscription). Anywhere else — HTTP/SSE, a
 * server-side caller — there is nothing to claim and the procedure yields as usual.
 */
export type LeanSubscription = {
  /** Writes one data frame to this subscription; `json` is the event's JSON text. */
  sendData(json: string): void;
};

type Noted = { ws: WebSocket; requests: { path: string; id: unknown; jsonrpc: unknown }[] };

const frameContext = new AsyncLocalStorage<Noted>();

/** The paths whose subscriptions can take the lean path; only frames naming one are parsed a second time. */
const leanPaths = ["agent.onInbox"];

/** Called once per socket, before tRPC's handler is attached. */
export function noteSubscriptions(ws: WebSocket): void {
  ws.on("message", (data: Buffer, isBinary: boolean) => {
    if (isBinary || !leanPaths.some((path) => data.includes(path))) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString("utf8"));
    } catch {
      return; // tRPC answers the parse error
    }
    const requests: Noted["requests"] = [];
    for (const call of Array.isArray(parsed) ? parsed : [parsed]) {
      const request = call as { id?: unknown; jsonrpc?: unknown; method?: unknown; params?: { path?: unknown } };
      if (request?.method === "subscription" && typeof request.params?.path === "string" && leanPaths.includes(request.params.path)) {
        requests.push({ path: request.params.path, id: request.id, jsonrpc: request.jsonrpc });
      }
    }
    if (requests.length > 0) frameContext.enterWith({ ws, requests });
  });
}

/** The socket and id of the subscription call being run, when it came over this node's WebSocket server. */
export function claimLeanSubscription(path: string): LeanSubscription | null {
  const noted = frameContext.getStore();
  if (!noted) return null;
  const index = noted.requests.findIndex((request) => request.path === path);
  if (index < 0) return null;
  const [request] = noted.requests.splice(index, 1);
  const { ws } = noted;
  const head = `{"id":${JSON.stringify(request!.id ?? null)},${request!.jsonrpc === undefined ? "" : `"jsonrpc":${JSON.stringify(request!.jsonrpc)},`}"result":{"type":"data","data":`;
  return {
    sendData(json) {
      if (ws.readyState === ws.OPEN) ws.send(`${head}${json}}}`);
    },
  };
}
