import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A ticket is honoured from this long before its slot (clients of several workers, timers firing early)… */
const earlyMs = 1_000;
/** …until this long after it (a client slow to get a turn of its event loop in a storm). */
const lateMs = 30_000;

/**
 * Tickets for admission slots already counted (server/contracts/reconnect.ts): `<slot>.<nonce>.<mac>`, signed with
 * SESSION_SECRET so any node and worker of the install can check one without shared state. A ticket admits one socket,
 * once per process, near its slot; it is no authentication (the socket still proves who it is) and it bypasses only
 * the admission rate, which a client may already have been counted against.
 */
export function createReconnectTickets(secret: string, now: () => number = Date.now) {
  const macOf = (body: string) => createHmac("sha256", secret).update(`reconnect-ticket:${body}`).digest("base64url").slice(0, 22);
  /** Nonces redeemed in this process and when they stop mattering (in slot order, so pruned from the front). */
  const redeemed = new Map<string, number>();

  const prune = (at: number) => {
    for (const [nonce, expiresAt] of redeemed) {
      if (expiresAt > at) break;
      redeemed.delete(nonce);
    }
  };

  return {
    issue(slotAt: number): string {
      const body = `${Math.round(slotAt).toString(36)}.${randomBytes(9).toString("base64url")}`;
      return `${body}.${macOf(body)}`;
    },
    /** True once for a genuine ticket shown near its slot; false for anything else. */
    redeem(ticket: string | null): boolean {
      if (!ticket || ticket.length > 100) return false;
      const [slot, nonce, mac] = ticket.split(".");
      if (!slot || !nonce || !mac) return false;
      const expected = Buffer.from(macOf(`${slot}.${nonce}`));
      const given = Buffer.from(mac);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
      const slotAt = Number.parseInt(slot, 36);
      const at = now();
      if (!(at >= slotAt - earlyMs && at <= slotAt + lateMs)) return false;
      prune(at);
      if (redeemed.has(nonce)) return false;
      redeemed.set(nonce, slotAt + lateMs);
      return true;
    },
  };
}
