import type { WebSocket } from "ws";

/**
 * Text frames written from bytes encoded once per node (issue #11). `ws.send(string)` UTF-8-encodes the whole frame
 * again for every socket; a bus event fanned out to N watchers was encoded N times. Here a frame is two Buffers — a
 * small one per send (the frame header and the subscription's cached head) and one shared by every socket that
 * gets the event — handed to ws's own `Sender#sendFrame`, as socket.io does for its pre-encoded frames
 * (engine.io's `wsPreEncodedFrame`). The bytes on the wire are exactly what `ws.send(head + rest)` writes.
 *
 * This is the one module that touches ws's internals (`_sender`, `_socket`, `_extensions`, `_isServer`); where they
 * are not as expected, or the frame cannot be written as is (permessage-deflate negotiated, the sender busy
 * compressing or reading a Blob), the frame goes through `ws.send` as text instead. tests/unit/ws-frames.test.ts
 * fails when ws changes the shape this relies on.
 */

type Sender = { _state?: unknown; sendFrame(list: Buffer[], callback?: unknown): void };
type Internals = {
  _isServer?: unknown;
  _extensions?: Record<string, unknown>;
  _sender?: Partial<Sender>;
  _socket?: unknown;
};

/** ws's Sender state when nothing is queued or in progress (lib/sender.js DEFAULT). */
const senderIdle = 0;
const opcodeTextFinal = 0x81;

/** A frame's payload after the subscription's head: encoded once, shared by every socket it goes to. */
export type SharedBytes = { readonly text: string; readonly bytes: Buffer };

export const sharedBytes = (text: string): SharedBytes => ({ text, bytes: Buffer.from(text) });

/** A subscription's own start of every frame, encoded once when it is claimed. */
export type FrameHead = SharedBytes;

/**
 * A frame whose parts are already bytes. It travels through `ws.send` like text (so the socket's send wrappers —
 * the slow-consumer cap, write coalescing — see it as any frame) and is written by `acceptPreframed`'s wrapper.
 */
export class PreframedText {
  constructor(
    readonly head: FrameHead,
    readonly rest: SharedBytes,
  ) {}
}

/**
 * The socket's Sender when its frames may be written as bytes at all: a server socket (frames unmasked) with no
 * extension negotiated (permessage-deflate is ws's only one). Fixed once the socket is open.
 */
function senderForBytes(ws: WebSocket): Sender | null {
  const { _isServer, _extensions, _sender, _socket } = ws as unknown as Internals;
  const plain = _isServer === true && _socket != null && _extensions !== undefined && Object.keys(_extensions).length === 0;
  return plain && _sender !== undefined && typeof _sender.sendFrame === "function" ? (_sender as Sender) : null;
}

/** Whether a frame may go straight to the socket as bytes now: as above, and the sender idle (nothing queued). */
export function canWriteFrames(ws: WebSocket): boolean {
  return senderForBytes(ws)?._state === senderIdle;
}

/** The header of an unmasked final text frame of `length` payload bytes (RFC 6455 5.2), then `head`'s bytes. */
function headerAndHead(length: number, head: Buffer): Buffer {
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(headerLength + head.length);
  out[0] = opcodeTextFinal;
  if (headerLength === 2) out[1] = length;
  else if (headerLength === 4) {
    out[1] = 126;
    out.writeUInt16BE(length, 2);
  } else {
    out[1] = 127;
    out.writeUInt32BE(0, 2);
    out.writeUInt32BE(length, 6);
  }
  head.copy(out, headerLength);
  return out;
}

const accepting = new WeakSet<WebSocket>();

/** Whether `ws.send` takes a PreframedText on this socket (acceptPreframed ran). */
export const acceptsPreframed = (ws: WebSocket): boolean => accepting.has(ws);

/**
 * Makes `ws.send` take a PreframedText. Installed before any other send wrapper, so they all see it; every other
 * frame passes through untouched.
 */
export function acceptPreframed(ws: WebSocket): void {
  accepting.add(ws);
  // Named parameters, not a rest array: this runs once per frame sent.
  const send = ws.send.bind(ws) as (data: unknown, options?: unknown, callback?: unknown) => void;
  const sender = senderForBytes(ws);
  ws.send = ((data: unknown, options?: unknown, callback?: unknown) => {
    if (!(data instanceof PreframedText)) return send(data, options, callback);
    if (ws.readyState !== ws.OPEN) return;
    const { head, rest } = data;
    // Busy (a Blob being read, say): the text joins ws's queue behind it, so frames keep their order.
    if (sender === null || sender._state !== senderIdle) return send(head.text + rest.text, options, callback);
    sender.sendFrame([headerAndHead(head.bytes.length + rest.bytes.length, head.bytes), rest.bytes], callback);
  }) as WebSocket["send"];
}
