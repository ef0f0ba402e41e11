import type { CannedInput, CannedResponseView } from "../../contracts/inbox.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";

/**
 * Canned responses: personal (ownerId = the agent) or shared with the organization (ownerId null). Anyone may read
 * the shared ones; only admins change them. Personal ones are their owner's alone.
 */
type Row = { id: string; ownerId: string | null; shortcut: string; title: string; body: string };

const toView = (agent: AgentIdentity) => (row: Row): CannedResponseView => ({
  id: row.id,
  shortcut: row.shortcut,
  title: row.title,
  body: row.body,
  shared: row.ownerId === null,
  mine: row.ownerId === agent.userId,
});

const maxPerAgent = 500;

export async function listCannedResponses(deps: Deps, agent: AgentIdentity): Promise<CannedResponseView[]> {
  const rows = await deps.db.cannedResponse.findMany({
    where: { organizationId: agent.organizationId, OR: [{ ownerId: null }, { ownerId: agent.userId }] },
    orderBy: [{ shortcut: "asc" }, { createdAt: "asc" }],
    take: maxPerAgent * 2,
  });
  return rows.map(toView(agent));
}

function assertMayWrite(agent: AgentIdentity, shared: boolean) {
  if (shared && agent.role !== "admin") throw new AppError("FORBIDDEN", "only admins may change shared canned responses");
}

export async function createCannedResponse(deps: Deps, agent: AgentIdentity, input: CannedInput): Promise<CannedResponseView> {
  assertMayWrite(agent, input.shared);
  const ownerId = input.shared ? null : agent.userId;
  const count = await deps.db.cannedResponse.count({ where: { organizationId: agent.organizationId, ownerId } });
  if (count >= maxPerAgent) throw new AppError("BAD_REQUEST", `at most ${maxPerAgent} canned responses`);
  const row = await deps.db.cannedResponse.create({
    data: { organizationId: agent.organizationId, ownerId, shortcut: input.shortcut, title: input.title.trim(), body: input.body },
  });
  return toView(agent)(row);
}

async function findWritable(deps: Deps, agent: AgentIdentity, id: string) {
  const row = await deps.db.cannedResponse.findFirst({
    where: { id, organizationId: agent.organizationId, OR: [{ ownerId: null }, { ownerId: agent.userId }] },
  });
  if (!row) throw new AppError("NOT_FOUND", "canned response not found");
  assertMayWrite(agent, row.ownerId === null);
  return row;
}

export async function updateCannedResponse(deps: Deps, agent: AgentIdentity, input: CannedInput & { id: string }): Promise<CannedResponseView> {
  const row = await findWritable(deps, agent, input.id);
  assertMayWrite(agent, input.shared);
  const updated = await deps.db.cannedResponse.update({
    where: { id: row.id },
    data: { shortcut: input.shortcut, title: input.title.trim(), body: input.body, ownerId: input.shared ? null : agent.userId },
  });
  return toView(agent)(updated);
}

export async function deleteCannedResponse(deps: Deps, agent: AgentIdentity, input: { id: string }): Promise<void> {
  const row = await findWritable(deps, agent, input.id);
  await deps.db.cannedResponse.delete({ where: { id: row.id } });
}
