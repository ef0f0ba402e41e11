import { AppError } from "../errors.ts";

/** The one refusal of every limit: 429 / TOO_MANY_REQUESTS, saying when to retry (also as details.retryAfterSeconds). */
export function tooMany(what: string, retryAfterMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const wait = seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
  return new AppError("TOO_MANY_REQUESTS", `${what}; try again in ${wait}`, { retryAfterSeconds: seconds });
}
