import { topics } from "../../bus/topics.ts";
import type { Deps } from "../deps.ts";

/**
 * A session that ended or a user whose rights changed, announced on the bus to every node (server/bus/topics.ts
 * `access`). Each node forgets what it cached about those sessions and closes their open sockets, so a right that
 * was taken away is gone everywhere within the bus's latency.
 */
export type AccessChange = {
  reason: "logout" | "deactivated" | "role_changed" | "password_changed" | "revoked";
  /** Every session of this user (except exceptSessionId)… */
  userId?: string;
  exceptSessionId?: string;
  /** …or this one session (the hash stored in the Session table). */
  sessionId?: string;
};

/** Whether a session of `userId` with id `sessionId` is hit by the change. */
export function accessChangeHits(change: AccessChange, session: { userId: string; sessionId: string }): boolean {
  if (change.sessionId !== undefined && change.sessionId === session.sessionId) return true;
  return change.userId !== undefined && change.userId === session.userId && change.exceptSessionId !== session.sessionId;
}

export async function announceAccessChange(deps: Deps, change: AccessChange): Promise<void> {
  await deps.bus.publish(topics.access(), change);
}

export function parseAccessChange(event: unknown): AccessChange | null {
  if (!event || typeof event !== "object") return null;
  const change = event as AccessChange;
  return typeof change.reason === "string" && (typeof change.userId === "string" || typeof change.sessionId === "string") ? change : null;
}
