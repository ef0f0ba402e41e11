import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import type { Deps } from "../domain/deps.ts";
import { createHttpContext } from "./context.ts";
import { appRouter } from "./router.ts";

export const trpcHttpPrefix = "/api/trpc/";

/** Queries and mutations over plain HTTP, for clients without an open socket (login, first session, curl). */
export function createTrpcHttpHandler(deps: Deps) {
  return createHTTPHandler({
    router: appRouter,
    basePath: trpcHttpPrefix,
    createContext: ({ req, res }) => createHttpContext(deps, req, res),
    maxBodySize: 64 * 1024,
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") deps.log.error("http procedure failed", { path, error: String(error.cause ?? error) });
    },
  });
}
