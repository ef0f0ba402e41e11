import { createTRPCClient, TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { describe, expect, it } from "vitest";
import { resumingLink } from "../../client/links/resilient-links.ts";
import type { AppRouter } from "../../server/trpc/router.ts";

const serverError = (code: string) =>
  new TRPCClientError(`server said ${code}`, { result: { error: { message: code, code: -32603, data: { code } } } });

/**
 * A stand-in for the server: each subscription attempt is handed the input it was started with and the events to
 * send, then either an error (the node lost its database for a moment) or nothing more.
 */
function fakeServer(script: { events: number[]; thenError?: string }[]) {
  const inputs: unknown[] = [];
  const link: TRPCLink<AppRouter> =
    () =>
    ({ op }) =>
      observable((observer) => {
        const attempt = script[inputs.length] ?? { events: [] };
        inputs.push(op.input);
        for (const seq of attempt.events)
          observer.next({ result: { type: "data", id: String(seq), data: { id: String(seq), data: { seq } } } });
        if (attempt.thenError) observer.error(serverError(attempt.thenError));
        return () => undefined;
      });
  return { link, inputs };
}

function subscribe(link: TRPCLink<AppRouter>, server: ReturnType<typeof fakeServer>) {
  const client = createTRPCClient<AppRouter>({ links: [link, server.link] });
  const seen: number[] = [];
  const errors: string[] = [];
  const subscription = client.agent.onThread.subscribe(
    { conversationId: "c1" },
    {
      onData: (event) => seen.push((event.data as { seq: number }).seq),
      onError: (error) => errors.push(error.data?.code ?? error.message),
    },
  );
  return { seen, errors, subscription };
}

const until = async (done: () => boolean) => {
  for (let i = 0; i < 300 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe("resumingLink: a live stream outlives a server error", () => {
  it("resubscribes after a retryable error from the last event id it delivered, so nothing is missed or repeated", async () => {
    const server = fakeServer([
      { events: [1, 2], thenError: "INTERNAL_SERVER_ERROR" },
      { events: [3], thenError: "INTERNAL_SERVER_ERROR" },
      { events: [4] },
    ]);
    const { seen, errors, subscription } = subscribe(resumingLink(), server);
    await until(() => seen.length === 4);
    subscription.unsubscribe();
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(errors).toEqual([]);
    expect(server.inputs).toEqual([
      { conversationId: "c1" },
      { conversationId: "c1", lastEventId: "2" },
      { conversationId: "c1", lastEventId: "3" },
    ]);
  });

  it("passes a refusal on to the caller and stops: NOT_FOUND is an answer, not an outage", async () => {
    const server = fakeServer([{ events: [], thenError: "NOT_FOUND" }]);
    const { errors } = subscribe(resumingLink(), server);
    await until(() => errors.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(errors).toEqual(["NOT_FOUND"]);
    expect(server.inputs).toHaveLength(1);
  });

  it("stops retrying once the caller unsubscribes", async () => {
    const server = fakeServer([{ events: [1], thenError: "INTERNAL_SERVER_ERROR" }]);
    const { seen, subscription } = subscribe(resumingLink(), server);
    await until(() => seen.length === 1);
    subscription.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(server.inputs).toHaveLength(1);
  });
});
