// A lean tRPC-over-WebSocket client for load generation: the wire protocol by hand (JSON-RPC frames, the
// connectionParams first frame, PING/PONG), so the generator spends its CPU on sending, not on a client library.
// Subscription data frames are handed over raw; the caller parses only what it measures.
import WebSocket from "ws";

export type RawClient = {
  socket: WebSocket;
  /** Sends a mutation without waiting; `onResult` gets the raw frame of its answer. */
  mutate(path: string, input: unknown, onResult: (frame: string) => void): void;
  /** Starts a subscription; `onData` gets each raw frame carrying data (never started/stopped frames). */
  subscribe(path: string, input: unknown, onData: (frame: string) => void): void;
  close(): void;
};

export function openRawClient(url: string, options: { origin: string; cookie?: string; visitorToken?: string }): Promise<RawClient> {
  const socket = new WebSocket(options.visitorToken ? `${url}?connectionParams=1` : url, {
    headers: { origin: options.origin, ...(options.cookie ? { cookie: options.cookie } : {}) },
    perMessageDeflate: false,
  });
  let nextId = 1;
  const pending = new Map<number, (frame: string) => void>();
  const streams = new Map<number, (frame: string) => void>();
  socket.on("message", (data) => {
    const frame = String(data);
    if (frame === "PING") return socket.send("PONG");
    // The id comes first in every answer frame: {"id":N,...}
    const match = /^\{"id":(\d+)/.exec(frame);
    if (!match) return;
    const id = Number(match[1]);
    const stream = streams.get(id);
    if (stream) {
      if (frame.includes('"type":"data"')) stream(frame);
      return;
    }
    const done = pending.get(id);
    if (done) {
      pending.delete(id);
      done(frame);
    }
  });
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.once("open", () => {
      if (options.visitorToken) socket.send(JSON.stringify({ method: "connectionParams", data: { visitorToken: options.visitorToken } }));
      resolve({
        socket,
        mutate(path, input, onResult) {
          const id = nextId++;
          pending.set(id, onResult);
          socket.send(JSON.stringify({ id, method: "mutation", params: { path, input } }));
        },
        subscribe(path, input, onData) {
          const id = nextId++;
          streams.set(id, onData);
          socket.send(JSON.stringify({ id, method: "subscription", params: { path, input } }));
        },
        close: () => socket.terminate(),
      });
    });
  });
}

export function mutateOnce<T>(client: RawClient, path: string, input: unknown): Promise<T> {
  return new Promise((resolve, reject) =>
    client.mutate(path, input, (frame) => {
      const parsed = JSON.parse(frame) as { result?: { data: T }; error?: unknown };
      if (parsed.result) resolve(parsed.result.data);
      else reject(new Error(`${path} failed: ${frame.slice(0, 300)}`));
    }),
  );
}
