import type { AgentIdentity } from "../agents/agent-identity.ts";
import { summarizeLater } from "../bot/assist.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { conversationForAgent } from "./access.ts";
import { changeConversationState } from "./change-state.ts";
import { actorOf, type Versioned } from "./inbox-action.ts";

/** The agent resolves the conversation; a summary note follows when the site's bot has an LLM. */
export async function resolveConversation(deps: Deps, agent: AgentIdentity, input: Versioned) {
  const resolve = (expectedVersion: number) =>
    changeConversationState(deps, {
      organizationId: agent.organizationId,
      ...input,
      expectedVersion,
      to: "resolved",
      actor: actorOf(agent),
    });
  let result;
  try {
    result = await resolve(input.expectedVersion);
  } catch (error) {
    // Replying to an unassigned chat assigns it to the replier, which moves the version under their own Resolve.
    // If it is theirs and open now, nobody else acted: resolve what they see.
    if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
    const current = await conversationForAgent(deps, agent, input.conversationId, { version: true, assigneeId: true, state: true });
    if (current.assigneeId !== agent.userId || (current.state !== "assigned" && current.state !== "pending")) throw error;
    result = await resolve(current.version);
  }
  await summarizeLater(deps, { organizationId: agent.organizationId, conversationId: input.conversationId });
  return result;
}
