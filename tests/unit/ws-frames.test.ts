import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { closeCodes } from "../../server/contracts/close-codes.ts";
import { coalesceWrites } from "../../server/realtime/coalesce-writes.ts";
import { dataFrameRest, trackedFrameRest } from "../../server/realtime/lean-subscriptions.ts";
import { acceptPreframed, canWriteFrames, PreframedText, sharedBytes } from "../../server/realtime/ws-frames.ts";
import { capQueuedBytes } from "../../server/trpc/ws-server.ts";

type Pair = { server: WebSocket; client: WebSocket; received: string[]; close(): Promise<void> };
const open: Pair[] = [];

/** A real ws server socket and its client; `received` is every text message the client got. */
async function pair(perMessageDeflate = false): Promise<Pair> {
  const wss = new WebSocketServer({ port: 0, perMessageDeflate });
  await new Promise((resolve) => wss.once("listening", resolve));
  const accepted = new Promise<WebSocket>((resolve) => wss.once("connection", resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate });
  const received: string[] = [];
  client.on("message", (data) => received.push(String(data)));
  await new Promise((resolve) => client.once("open", resolve));
  const server = await accepted;
  const result = {
    server,
    client,
    received,
    close: async () => {
      client.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
  open.push(result);
  return result;
}

/** Every byte the server socket hands to TCP while `act` runs. */
function bytesWritten(ws: WebSocket, act: () => void): Buffer {
  const socket = (ws as unknown as { _socket: { write: (chunk: unknown, ...rest: unknown[]) => boolean } })._socket;
  const write = socket.write;
  const chunks: Buffer[] = [];
  socket.write = (chunk: unknown, ...rest: unknown[]) => {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
    return write.call(socket, chunk, ...rest);
  };
  try {
    act();
  } finally {
    socket.write = write;
  }
  return Buffer.concat(chunks);
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

afterEach(async () => {
  await Promise.all(open.splice(0).map((each) => each.close()));
});

const head = sharedBytes('{"id":12,"jsonrpc":"2.0","result":{"type":"data",');
/** An untracked frame whose payload (head and rest) is exactly `length` bytes. */
const payloadOf = (length: number) =>
  dataFrameRest(JSON.stringify("x".repeat(length - head.bytes.length - dataFrameRest('""').bytes.length)));
// Each edge of ws's 7-bit, 16-bit and 64-bit length forms, and text that is more bytes than characters.
const rests = [
  ...[125, 126, 127, 65_535, 65_536, 65_537].map(payloadOf),
  dataFrameRest("{}"),
  trackedFrameRest("41", JSON.stringify({ seq: 41, body: 'quotes " and 中文 ✓ 😀' })),
  dataFrameRest(JSON.stringify({ body: "é".repeat(40_000) })),
];

describe("pre-encoded frames (server/realtime/ws-frames.ts)", () => {
  it("ws's internals still have the shape the pre-encoded path writes through (fails when a ws upgrade changes them)", async () => {
    const { server } = await pair();
    expect(canWriteFrames(server)).toBe(true);
    const internals = server as unknown as { _sender: { _state: unknown; sendFrame: unknown; _bufferedBytes: unknown } };
    expect(internals._sender._state).toBe(0);
    expect(typeof internals._sender.sendFrame).toBe("function");
    expect(typeof internals._sender._bufferedBytes).toBe("number");
    // A client socket masks its frames: never written this way.
    const { client } = await pair();
    expect(canWriteFrames(client)).toBe(false);
  });

  it("writes byte for byte what ws.send writes for the same text, and the client reads the same messages", async () => {
    const { server, received } = await pair();
    acceptPreframed(server);
    expect(rests.slice(0, 6).map((rest) => head.bytes.length + rest.bytes.length)).toEqual([125, 126, 127, 65_535, 65_536, 65_537]);
    for (const rest of rests) {
      const text = head.text + rest.text;
      const viaText = bytesWritten(server, () => server.send(text));
      const viaBytes = bytesWritten(server, () => server.send(new PreframedText(head, rest) as unknown as string));
      expect(viaBytes.equals(viaText)).toBe(true);
    }
    await until(() => received.length === rests.length * 2);
    rests.forEach((rest, i) => {
      expect(received[2 * i]).toBe(head.text + rest.text);
      expect(received[2 * i + 1]).toBe(head.text + rest.text);
    });
  });

  it("with permessage-deflate negotiated the frame goes as text through ws.send (compressed as before)", async () => {
    const { server, received } = await pair(true);
    acceptPreframed(server);
    expect(server.extensions).toContain("permessage-deflate");
    expect(canWriteFrames(server)).toBe(false);
    for (const rest of rests) server.send(new PreframedText(head, rest) as unknown as string);
    await until(() => received.length === rests.length);
    expect(received).toEqual(rests.map((rest) => head.text + rest.text));
  });

  it("counts in bufferedAmount, so coalescing and the slow-consumer cap see pre-encoded frames as any other", async () => {
    const { server, client } = await pair();
    acceptPreframed(server);
    coalesceWrites(server);
    capQueuedBytes(server, 1000);
    const closed = new Promise<number>((resolve) => client.once("close", (code) => resolve(code)));
    // Coalescing corks the socket for the turn: the frame waits in the socket's queue and counts as unsent.
    const rest = dataFrameRest(JSON.stringify({ body: "x".repeat(1500) }));
    server.send(new PreframedText(head, rest) as unknown as string);
    expect(server.bufferedAmount).toBeGreaterThanOrEqual(head.bytes.length + rest.bytes.length);
    server.send(new PreframedText(head, rest) as unknown as string);
    expect(await closed).toBe(closeCodes.slowConsumer);
  });
});
