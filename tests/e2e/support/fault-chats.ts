import { expect } from "@playwright/test";
import { ulid } from "ulid";
import { clusterClient, fetchThreads, httpCall, sleep, untilAcked } from "./fault-clients.ts";
import type { RunningServer } from "./server.ts";

type Party = { seen: number[] };
export type ChatParty = { conversationId: string; visitor: Party; agents: Party[] };

/**
 * Visitors on the demo site chatting with two agents through whatever the test does to the cluster meanwhile:
 * every send is retried with its clientMsgId until acked, every party subscribes to the thread and records the seqs
 * it is given. `nodes` is read at each retry, so a test may replace a node in it.
 */
export async function startChats(nodes: RunningServer[], cookie: string, options: { visitors: number; messagesPerVisitor: number }) {
  const wsUrls = nodes.map((node) => `${node.url.replace("http", "ws")}/api/trpc-ws`);
  const agents = [clusterClient(wsUrls, { cookie }), clusterClient(wsUrls, { cookie })];
  const parties: ChatParty[] = [];
  const sent = new Set<string>();
  const clients: { close: () => void }[] = [...agents];

  const chats = Array.from({ length: options.visitors }, async (_, index) => {
    const deviceId = `fault-${index}-${ulid()}`;
    const visitorToken = async () => {
      const response = await httpCall(nodes, "widget.session", { siteKey: "demo", deviceId });
      return ((await response.json()) as { result: { data: { token: string } } }).result.data.token;
    };
    const visitor = clusterClient(wsUrls, { visitorToken });
    clients.push(visitor);
    const party: ChatParty = { conversationId: "", visitor: { seen: [] }, agents: agents.map(() => ({ seen: [] })) };
    parties.push(party);
    for (let i = 0; i < options.messagesPerVisitor; i++) {
      const clientMsgId = ulid();
      sent.add(clientMsgId);
      const ack = await untilAcked(() => visitor.trpc.visitor.send.mutate({ clientMsgId, body: `visitor ${index} message ${i}` }));
      if (i === 0) {
        party.conversationId = ack.conversationId;
        visitor.trpc.visitor.onThread.subscribe({}, { onData: ({ data }) => party.visitor.seen.push(data.seq) });
        for (const [a, agent] of agents.entries()) {
          agent.trpc.agent.onThread.subscribe(
            { conversationId: ack.conversationId },
            { onData: ({ data }) => party.agents[a]!.seen.push(data.seq) },
          );
        }
      }
      if (i % 3 === 1) {
        const replyId = ulid();
        sent.add(replyId);
        const agent = agents[i % agents.length]!;
        await untilAcked(() =>
          agent.trpc.agent.send.mutate({ conversationId: party.conversationId, clientMsgId: replyId, body: `reply ${i}` }),
        );
      }
      await sleep(100 + Math.random() * 200);
    }
  });

  return {
    finished: Promise.all(chats),
    /** Every acked message stored once with gap-free seqs, and every party given exactly that thread, in order. */
    async verify(reader: RunningServer) {
      const database = await fetchThreads(
        reader,
        cookie,
        parties.map((party) => party.conversationId),
      );
      const stored = database.flatMap((thread) => thread.messages.filter((m) => m.type !== "event").map((m) => m.clientMsgId));
      expect(new Set(stored).size).toBe(stored.length);
      expect(new Set(stored)).toEqual(sent);
      for (const thread of database) expect(thread.messages.map((m) => m.seq)).toEqual(thread.messages.map((_, i) => i + 1));

      const deadline = Date.now() + 30_000;
      const complete = () =>
        parties.every((party, i) => {
          const want = database[i]!.messages.length;
          return party.visitor.seen.length >= want && party.agents.every((agent) => agent.seen.length >= want);
        });
      while (!complete() && Date.now() < deadline) await sleep(200);
      for (const [i, party] of parties.entries()) {
        const expected = database[i]!.messages.map((m) => m.seq);
        expect(party.visitor.seen, `visitor ${i}`).toEqual(expected);
        for (const agent of party.agents) expect(agent.seen, `agent on conversation ${i}`).toEqual(expected);
      }
    },
    close: () => {
      for (const client of clients) client.close();
    },
  };
}
