import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";
import { AppError, isUniqueViolation } from "../errors.ts";
import { changeConversationState } from "./change-state.ts";
import { actorOf, type Versioned } from "./inbox-action.ts";

/** A resolved conversation back to work, assigned to the agent who reopened it. */
export async function reopenConversation(deps: Deps, agent: AgentIdentity, input: Versioned) {
  try {
    return await changeConversationState(deps, {
      organizationId: agent.organizationId,
      ...input,
      to: "assigned",
      assigneeId: agent.userId,
      actor: actorOf(agent),
    });
  } catch (error) {
    // The visitor has one open conversation at a time (unique openForVisitorId): they already started a new one.
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "the visitor already has another open conversation");
    throw error;
  }
}
