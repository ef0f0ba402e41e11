import { RateLimiterMemory } from "rate-limiter-flexible";
import { AppError } from "../errors.ts";

/**
 * Bounds on guessing and mass sign-ups, per process (a cluster of N nodes allows N times as much, still far below
 * what a password guesser needs). Keys are the client IP, plus the account for logins.
 */
const limiters = {
  /** Wrong or right, 10 login attempts per account and IP per 10 minutes. */
  login: new RateLimiterMemory({ keyPrefix: "login", points: 10, duration: 600 }),
  /** 5 new organizations per IP per hour. */
  signUp: new RateLimiterMemory({ keyPrefix: "signup", points: 5, duration: 3600 }),
};

export async function spendAttempt(kind: keyof typeof limiters, key: string): Promise<void> {
  try {
    await limiters[kind].consume(key);
  } catch (refusal) {
    const waitS = Math.ceil(((refusal as { msBeforeNext?: number }).msBeforeNext ?? 60_000) / 1000);
    throw new AppError("TOO_MANY_REQUESTS", `too many attempts; try again in ${Math.ceil(waitS / 60)} min`);
  }
}
