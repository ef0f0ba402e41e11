import type { WebSocket } from "ws";

/**
 * Frames sent to one socket in the same turn of the event loop leave in one write. A batch of messages fans out
 * to each watching socket within one turn (the bus delivers a batch's events together), and without this every
 * frame is its own write system call. The socket is corked at the first frame and uncorked once the turn's promise
 * jobs have run, so no frame waits longer than that. A turn that writes more than `flushBytes` (a flood's answers)
 * flushes at once: corked bytes would otherwise count as unsent and trip the slow-consumer cap (capQueuedBytes).
 */
const flushBytes = 64 * 1024;

type Send = (data: unknown, options?: unknown, callback?: unknown) => void;

export function coalesceWrites(ws: WebSocket): void {
  // Named parameters, not a rest array: this runs once per frame sent, tens of times per message.
  const send = ws.send.bind(ws) as Send;
  let corked = false;
  const uncork = () => {
    corked = false;
    (ws as unknown as { _socket?: { uncork(): void } })._socket?.uncork();
  };
  ws.send = ((data: unknown, options?: unknown, callback?: unknown) => {
    if (!corked) {
      const socket = (ws as unknown as { _socket?: { cork(): void } })._socket;
      if (socket) {
        corked = true;
        socket.cork();
        setImmediate(uncork);
      }
    }
    send(data, options, callback);
    if (corked && ((ws as unknown as { _socket?: { writableLength: number } })._socket?.writableLength ?? 0) > flushBytes) uncork();
  }) as WebSocket["send"];
}
