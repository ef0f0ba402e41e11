import WebSocket from "ws";
import { parseHeartbeatNotice } from "../../server/contracts/heartbeat.ts";

export type RawResponse = { id: number; result?: { data?: unknown }; error?: { message: string; data?: { code?: string } } };

/**
 * A WebSocket speaking tRPC's wire protocol by hand, as an attacker's script would: it never reconnects, so what the
 * server does to this very socket (close it, refuse its calls) is what the test sees.
 */
export function rawTrpcSocket(url: string, headers: Record<string, string> = {}, visitorToken?: string) {
  const socket = new WebSocket(visitorToken ? `${url}?connectionParams=1` : url, { headers });
  if (visitorToken) socket.once("open", () => socket.send(JSON.stringify({ method: "connectionParams", data: { visitorToken } })));
  const responses = new Map<number, RawResponse>();
  const waiters = new Map<number, (response: RawResponse) => void>();
  let nextId = 1;
  socket.on("message", (data) => {
    const text = String(data);
    if (text === "PING") return socket.send("PONG");
    if (text === "PONG" || parseHeartbeatNotice(text)) return;
    const parsed = JSON.parse(text) as RawResponse | RawResponse[];
    for (const response of Array.isArray(parsed) ? parsed : [parsed]) {
      // The first answer to each id (a subscription's "started" or error; later events are its data).
      if (!responses.has(response.id)) responses.set(response.id, response);
      waiters.get(response.id)?.(response);
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on("close", (code, reason) => resolve({ code, reason: String(reason) })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
    socket.once("unexpected-response", (_req, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
  });
  return {
    socket,
    opened,
    closed,
    responses,
    /** Sends one call and resolves with its response, or with "closed" if the socket closes first. */
    call(method: "query" | "mutation", path: string, input?: unknown): Promise<RawResponse | "closed"> {
      const id = nextId++;
      const answered = new Promise<RawResponse>((resolve) => waiters.set(id, resolve));
      socket.send(JSON.stringify({ id, method, params: { path, input } }));
      return Promise.race([answered, closed.then(() => "closed" as const)]);
    },
    /** Sends many calls in one frame (a tRPC batch); returns their ids. */
    batch(calls: { method: "query" | "mutation" | "subscription"; path: string; input?: unknown }[]): number[] {
      const frame = calls.map((call) => ({ id: nextId++, method: call.method, params: { path: call.path, input: call.input } }));
      socket.send(JSON.stringify(frame));
      return frame.map((call) => call.id);
    },
  };
}
