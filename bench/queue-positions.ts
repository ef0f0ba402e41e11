// Queue position bench: N queued visitors watching their place on one node; how long until every one of them has
// their new place after the head of the queue is served, and how many database reads a burst of changes costs.
// node --import tsx bench/queue-positions.ts [queued=1000] [rounds=20] [burst=500]
// SQLite + in-process bus by default; MariaDB + Redis with DATABASE_URL=mysql://… REDIS_URL=redis://…
// Writes bench/results/queue-positions.json.
import { setMaxListeners } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import type { QueueStatus } from "../server/contracts/queue.ts";
import { changeConversationState } from "../server/domain/conversations/change-state.ts";
import type { Deps } from "../server/domain/deps.ts";
import { setAgentStatus } from "../server/domain/presence/agent-presence.ts";
import { publishQueueChanged } from "../server/domain/routing/queue-changed.ts";
import { watchQueueStatus } from "../server/realtime/queue-watch.ts";
import { createTestWorld } from "../tests/support/deps.ts";
import { createTenant } from "../tests/support/fixtures.ts";
import { mysqlUrl } from "../tests/support/test-database.ts";

const queued = Number(process.argv[2] ?? 1000);
const rounds = Number(process.argv[3] ?? 20);
const burst = Number(process.argv[4] ?? 500);
const backend = mysqlUrl ? "mysql" : "sqlite";
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const max = (values: number[]) => Math.max(...values);

const world = await createTestWorld(backend, 1);
let reads = 0;
// Counts conversation reads (the queue order, handle times) the watchers make.
const counted = world.deps.db.$extends({
  query: {
    conversation: {
      findMany: ({ args, query }) => {
        reads++;
        return query(args);
      },
    },
  },
}) as unknown as Deps["db"];
const deps: Deps = { ...world.deps, db: counted };

const tenant = await createTenant(deps);
const organizationId = tenant.organization.id;
const team = await deps.db.team.create({
  data: { organizationId, name: "Support", members: { create: { organizationId, userId: tenant.admin.id } } },
});
// The only agent takes no chats at all, so nothing drains while we watch.
await deps.db.user.update({ where: { id: tenant.admin.id }, data: { maxConcurrentChats: 0 } });
await setAgentStatus(deps, tenant.agent, "online");

console.log(`bench: ${backend}, seeding ${queued} queued conversations…`);
const base = Date.now() - 60 * 60_000;
const ids: string[] = [];
for (let i = 0; i < queued; i++) {
  const visitor = await deps.db.visitor.create({ data: { organizationId, siteId: tenant.site.id, deviceId: `bench-${i}` } });
  const conversation = await deps.db.conversation.create({
    data: {
      organizationId,
      siteId: tenant.site.id,
      visitorId: visitor.id,
      openForVisitorId: visitor.id,
      teamId: team.id,
      state: "queued",
      queuedAt: new Date(base + i),
    },
  });
  ids.push(conversation.id);
}

const latest = new Map<string, QueueStatus | null>();
let pushes = 0;
const stop = new AbortController();
// One signal for all watchers here; in the server each visitor's subscription has its own.
setMaxListeners(0, stop.signal);
const subscribeStarted = performance.now();
await Promise.all(
  ids.map((conversationId) =>
    watchQueueStatus(deps, {
      organizationId,
      conversationId,
      signal: stop.signal,
      onStatus: (status) => {
        pushes++;
        latest.set(conversationId, status);
      },
    }),
  ),
);
const settled = (check: () => boolean) =>
  new Promise<void>((resolve) => {
    const poll = () => (check() ? resolve() : setImmediate(poll));
    poll();
  });
await settled(() => ids.every((id, i) => latest.get(id)?.position === i + 1));
const subscribeMs = performance.now() - subscribeStarted;

// Each round serves the head (resolved by an agent): everyone behind moves up one.
const roundMs: number[] = [];
for (let round = 0; round < rounds; round++) {
  const head = ids.shift()!;
  const started = performance.now();
  await changeConversationState(deps, { organizationId, conversationId: head, to: "resolved", actor: { kind: "system", id: null } });
  await settled(() => latest.get(ids.at(-1)!)?.position === ids.length && ids.every((id, i) => latest.get(id)?.position === i + 1));
  roundMs.push(performance.now() - started);
}

// A burst of change events (as a drain of hundreds of assignments publishes) with nothing actually moving.
const readsBefore = reads;
const pushesBefore = pushes;
await Promise.all(Array.from({ length: burst }, () => publishQueueChanged(deps, organizationId, team.id)));
await new Promise((resolve) => setTimeout(resolve, 500));
const burstReads = reads - readsBefore;

const result = {
  backend,
  queued,
  subscribeAllMs: Math.round(subscribeMs),
  roundMedianMs: Math.round(median(roundMs) * 10) / 10,
  roundMaxMs: Math.round(max(roundMs) * 10) / 10,
  burstEvents: burst,
  burstConversationReads: burstReads,
  burstPushes: pushes - pushesBefore,
};
console.log(result);
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/queue-positions.json", JSON.stringify(result, null, 2));
stop.abort();
await world.close();
