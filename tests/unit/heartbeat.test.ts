import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { WebSocket } from "ws";
import { parseHeartbeatNotice } from "../../server/contracts/heartbeat.ts";
import { heartbeatDefaults, keepSocketAlive } from "../../server/realtime/heartbeat.ts";

/** Just enough of a `ws` socket to watch what the heartbeat sends and whether it terminates. */
function fakeSocket() {
  const socket = Object.assign(new EventEmitter(), {
    OPEN: 1,
    readyState: 1,
    sent: [] as string[],
    terminated: false,
    send(data: string) {
      socket.sent.push(data);
    },
    terminate() {
      socket.terminated = true;
      socket.readyState = 3;
      socket.emit("close");
    },
  });
  const told = () => socket.sent.flatMap((frame) => parseHeartbeatNotice(frame)?.intervalMs ?? []);
  const pings = () => socket.sent.filter((frame) => frame === "PING").length;
  const answer = () => socket.emit("message", Buffer.from("PONG"), false);
  return { socket, ws: socket as unknown as WebSocket, told, pings, answer };
}

describe("server-driven heartbeat", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("tells an idle socket the idle interval and pings it after that long without hearing from it", () => {
    const peer = fakeSocket();
    keepSocketAlive(peer.ws, heartbeatDefaults, { afterFailure: false });
    expect(peer.told()).toEqual([25_000]);
    expect(parseHeartbeatNotice(peer.socket.sent[0])).toEqual({ intervalMs: 25_000, timeoutMs: 10_000 });
    vi.advanceTimersByTime(24_999);
    expect(peer.pings()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(peer.pings()).toBe(1);
    for (let i = 0; i < 4; i++) {
      peer.answer();
      vi.advanceTimersByTime(25_000);
    }
    expect(peer.pings()).toBe(5);
    expect(peer.told()).toEqual([25_000]);
    expect(peer.socket.terminated).toBe(false);
  });

  it("shortens the interval while conversation traffic flows and goes back to idle when it stops", () => {
    const peer = fakeSocket();
    keepSocketAlive(peer.ws, heartbeatDefaults, { afterFailure: false });
    peer.ws.send('{"id":1,"result":{"type":"data","data":{}}}');
    expect(peer.told()).toEqual([25_000, 10_000]);
    // Answering pings is not traffic: once the active window has passed, the socket is idle again.
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(10_000);
      peer.answer();
    }
    expect(peer.told()).toEqual([25_000, 10_000, 25_000]);
    peer.socket.emit("message", Buffer.from('{"id":2,"method":"mutation"}'), false);
    expect(peer.told()).toEqual([25_000, 10_000, 25_000, 10_000]);
  });

  it("starts with the short interval for a client that reconnected after a failure", () => {
    const peer = fakeSocket();
    keepSocketAlive(peer.ws, heartbeatDefaults, { afterFailure: true });
    expect(peer.told()).toEqual([10_000]);
  });

  it("drops a peer that stops answering within 40 s of its last frame, idle, active, or turning active meanwhile", () => {
    const bound = heartbeatDefaults.idleIntervalMs + heartbeatDefaults.pongWaitMs;
    expect(bound).toBeLessThanOrEqual(40_000);
    for (const trafficAt of [null, 0, 24_000, 30_000]) {
      const peer = fakeSocket();
      keepSocketAlive(peer.ws, heartbeatDefaults, { afterFailure: false });
      // The server keeps writing to the peer (events of its conversation), which never answers.
      if (trafficAt !== null) {
        vi.advanceTimersByTime(trafficAt);
        peer.ws.send("{}");
      }
      vi.advanceTimersByTime(bound - 1 - (trafficAt ?? 0));
      if (trafficAt === null) expect(peer.socket.terminated).toBe(false);
      vi.advanceTimersByTime(1);
      expect(peer.socket.terminated).toBe(true);
      expect(peer.pings()).toBe(1);
    }
  });

  it("stops its timers when the socket closes", () => {
    const peer = fakeSocket();
    keepSocketAlive(peer.ws, heartbeatDefaults, { afterFailure: false });
    peer.socket.emit("close");
    vi.advanceTimersByTime(120_000);
    expect(peer.pings()).toBe(0);
  });
});

describe("heartbeat notices", () => {
  it("rejects frames that only look like one", () => {
    expect(parseHeartbeatNotice('{"id":null,"method":"heartbeat","params":{"intervalMs":-1,"timeoutMs":5}}')).toBeNull();
    expect(parseHeartbeatNotice('{"id":null,"method":"heartbeat","params":{"intervalMs":"10"}}')).toBeNull();
    expect(parseHeartbeatNotice('{"id":null,"method":"heartbeat"')).toBeNull();
    expect(parseHeartbeatNotice('{"id":null,"method":"reconnect"}')).toBeNull();
    expect(parseHeartbeatNotice(new ArrayBuffer(4))).toBeNull();
  });
});
