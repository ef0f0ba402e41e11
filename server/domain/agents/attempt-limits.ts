import type { Deps } from "../deps.ts";
import type { Budget } from "../limits/limit-store.ts";
import { tooMany } from "../limits/retry.ts";

/**
 * Bounds on password guessing and mass sign-ups, counted in deps.limits (Redis when set, so every node counts the
 * same). Only failed logins count; each call of a batched request is its own attempt. Keys are the client address,
 * plus the account for the per-account limit, so the owner logging in from elsewhere is never held back.
 */
const day = 24 * 60 * 60;

const budgets = {
  /** Consecutive failures for one account from one address; a success clears them. The count itself is unbounded. */
  accountFailures: { name: "login-account-ip", points: Number.MAX_SAFE_INTEGER, durationS: day } satisfies Budget,
  /** Past the free failures, one attempt at a time, and only after the growing wait (a hold) has passed. */
  accountGate: { name: "login-gate", points: 1, durationS: 60 } satisfies Budget,
  signUp: { name: "signup-ip", points: 5, durationS: 60 * 60 } satisfies Budget,
};

const ipBudget = (deps: Deps): Budget => ({ name: "login-ip", points: deps.limits.settings.loginFailuresPerIpPerDay, durationS: day });

/** The wait after the n-th failure in a row: none up to the free ones, then 2 s, 4 s, 8 s … up to the maximum. */
export function loginDelaySeconds(failures: number, free: number, maxSeconds: number): number {
  if (failures < free) return 0;
  return Math.min(2 ** Math.min(failures - free + 1, 30), maxSeconds);
}

export type LoginAttempt = {
  succeeded(): Promise<void>;
  failed(): Promise<void>;
  /** The attempt could not be judged (e.g. the database failed): it counts for nothing. */
  abandoned(): Promise<void>;
};

/**
 * Reserves the attempt before the password is checked (so fifty concurrent calls cannot all pass one check), or
 * refuses it with TOO_MANY_REQUESTS and when to retry. The caller reports how it ended.
 */
export async function beginLoginAttempt(deps: Deps, clientIp: string | null, email: string): Promise<LoginAttempt> {
  const { store, settings } = deps.limits;
  const ip = clientIp ?? "unknown";
  const account = `${ip} ${email}`;
  const perIp = ipBudget(deps);

  const fromIp = await store.spend(perIp, ip);
  if (!fromIp.allowed) {
    await store.refund(perIp, ip);
    throw tooMany("too many failed logins from this address", fromIp.retryAfterMs);
  }
  const inARow = await store.spend(budgets.accountFailures, account);
  const gated = inARow.spent > settings.loginFailuresBeforeDelay;
  if (gated) {
    const gate = await store.spend(budgets.accountGate, account);
    if (!gate.allowed) {
      await Promise.all([store.refund(perIp, ip), store.refund(budgets.accountFailures, account)]);
      throw tooMany("too many failed logins for this account from this address", gate.retryAfterMs);
    }
  }
  return {
    async succeeded() {
      await Promise.all([
        store.refund(perIp, ip),
        store.clear(budgets.accountFailures, account),
        store.clear(budgets.accountGate, account),
      ]);
    },
    async failed() {
      const wait = loginDelaySeconds(inARow.spent, settings.loginFailuresBeforeDelay, settings.loginMaxDelaySeconds);
      if (wait > 0) await store.hold(budgets.accountGate, account, wait);
    },
    async abandoned() {
      await Promise.all([
        store.refund(perIp, ip),
        store.refund(budgets.accountFailures, account),
        gated ? store.clear(budgets.accountGate, account) : undefined,
      ]);
    },
  };
}

/** Sign-ups: 5 new organizations per address per hour. */
export async function spendSignUp(deps: Deps, clientIp: string | null): Promise<void> {
  const spent = await deps.limits.store.spend(budgets.signUp, clientIp ?? "unknown");
  if (!spent.allowed) throw tooMany("too many attempts", spent.retryAfterMs);
}
