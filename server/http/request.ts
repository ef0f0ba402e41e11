import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, httpStatusOf } from "../domain/errors.ts";

/** One request header's value (the first, when repeated). */
export function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** The visitor's or agent's address: the socket's, or behind our proxy the address it saw (the last hop it added). */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string | null {
  const forwarded = trustProxy ? header(req, "x-forwarded-for") : null;
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || (req.socket.remoteAddress ?? null);
}

/** A JSON answer that no cache keeps. */
export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  // A refused upload may still be arriving: read it to the end (discarded) so the client gets this answer, not a reset.
  const unread = !req.complete;
  res.writeHead(status, {
    "content-type": "application/json",
    "cache-control": "no-store",
    ...headers,
    ...(unread ? { connection: "close" } : {}),
  });
  res.end(JSON.stringify(body));
  if (unread) req.resume();
}

/**
 * Answers a domain refusal with its HTTP status (httpStatusOf) and `{ error }`, and a budget's refusal with the
 * Retry-After it carries; false for anything else, which the caller lets through to the server's 500 handling.
 */
export function sendError(req: IncomingMessage, res: ServerResponse, error: unknown, headers: Record<string, string> = {}): boolean {
  if (!(error instanceof AppError)) return false;
  const retryAfter = error.details?.retryAfterSeconds;
  sendJson(
    req,
    res,
    httpStatusOf(error.code),
    { error: error.message },
    { ...headers, ...(retryAfter ? { "retry-after": String(retryAfter) } : {}) },
  );
  return true;
}
