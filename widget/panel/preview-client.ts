import type { VisitorClient } from "../sdk.ts";

const emptyThread = { messages: [], hasOlder: false, visitorReadSeq: 0, agentReadSeq: 0, conversationId: null };

/**
 * The panel's client in the dashboard's preview: the real panel runs against it, but it opens no session and talks to
 * no server, so previewing creates no visitor or conversation. The thread is empty; anything sent fails with `refusal`.
 */
export function previewClient(refusal: () => string): VisitorClient {
  const refuse = () => Promise.reject(new Error(refusal()));
  const procedure = (name: string) => ({
    query: name === "thread" ? () => Promise.resolve(emptyThread) : refuse,
    mutate: refuse,
    subscribe: () => ({ unsubscribe() {} }),
  });
  const visitor = new Proxy({}, { get: (_, name) => procedure(String(name)) });
  return {
    trpc: { visitor } as unknown as VisitorClient["trpc"],
    send: refuse,
    onMessage: () => () => {},
    resume: () => {},
    token: refuse,
    close: () => {},
    transport: () => "websocket",
    release: () => Promise.resolve(null),
  };
}
