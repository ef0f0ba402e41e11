/**
 * The one error type domain code throws. server/trpc/init.ts maps each code to the tRPC error of the same name and
 * server/http/request.ts to its HTTP status (httpStatusOf); the message is meant for the person at the other end, so
 * it says what was wrong without leaking internals.
 */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "TOO_MANY_REQUESTS";

const httpStatus: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
};

/** The HTTP status of an error code: the same meaning tRPC gives the code of the same name. */
export function httpStatusOf(code: AppErrorCode): number {
  return httpStatus[code];
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Machine-readable facts a client acts on (e.g. `{ reason: "agent_full", load, max }`); never internals. */
    readonly details?: Record<string, string | number | boolean>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** Prisma's unique-constraint violation, the same code on MySQL and SQLite. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
