/**
 * What the rest of the server reports to metrics, as plain calls with no Prometheus types: the domain and transports
 * call `deps.metrics?.…` (absent in tests and when metrics are off), and server/metrics/prometheus.ts implements it.
 */
export type SocketKind = "visitor" | "agent";

/** The part of a WebSocket the metrics need: its close event and code. */
export type ClosableSocket = { once(event: "close", listener: (code: number) => void): unknown };

export type WebhookOutcome = "delivered" | "retrying" | "failed" | "refused";

export interface Metrics {
  /** A WebSocket was accepted; its close (with the code) is counted when it comes. */
  socketOpened(socket: ClosableSocket): void;
  /** The socket's caller is known (its context was made): counted among open sockets of that kind until it closes. */
  socketIdentified(socket: ClosableSocket, kind: SocketKind | null): void;
  /** An upgrade refused by admission control (503 + Retry-After). */
  admissionRefused(): void;
  /**
   * A batch commit finished: its size, how many new messages it stored, and when each of them was handed in
   * (epoch ms), for the commit latency.
   */
  batchCommitted(size: number, committedAt: number, handedInAt: number[]): void;
  /** A live message is handed to a subscriber's stream; `createdAt` is when the server took it in (epoch ms or ISO). */
  messageDelivered(createdAt: string | number | Date): void;
  /** A thread replay came from the hot window (hit) or the database (miss). */
  replayRead(source: "window" | "database"): void;
  webhookDelivery(outcome: WebhookOutcome): void;
  /** A bot turn ended: answered, handed off (with the reason) or stayed silent. */
  botTurn(outcome: { kind: string; reason?: string }): void;
}
