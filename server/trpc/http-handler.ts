import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import type { Deps } from "../domain/deps.ts";
import { AppError } from "../domain/errors.ts";
import { createHttpContext } from "./context.ts";
import { appRouter } from "./router.ts";

export const trpcHttpPrefix = "/api/trpc/";

/**
 * Queries and mutations over plain HTTP, for clients without an open socket (login, first session, curl), and
 * subscriptions as server-sent events: the fallback where a proxy blocks WebSocket, with the same tracked ids, so a
 * reconnecting EventSource resumes from its Last-Event-ID.
 */
export function createTrpcHttpHandler(deps: Deps) {
  return createHTTPHandler({
    router: appRouter,
    basePath: trpcHttpPrefix,
    createContext: ({ req, res }) => createHttpContext(deps, req, res),
    maxBodySize: 64 * 1024,
    responseMeta: ({ errors }) => {
      // A limit's refusal (429) says when to retry, for HTTP clients and proxies that read the header.
      const waits = errors
        .map((error) => (error.cause instanceof AppError ? Number(error.cause.details?.retryAfterSeconds) : NaN))
        .filter((s) => s > 0);
      return waits.length > 0 ? { headers: { "retry-after": String(Math.max(...waits)) } } : {};
    },
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") deps.log.error("http procedure failed", { path, error: String(error.cause ?? error) });
    },
  });
}
