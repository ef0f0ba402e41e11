import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";

/** Conversation states that take one of an agent's maxConcurrentChats slots. */
export const occupyingStates = ["assigned", "pending"] as const;

/**
 * A burst of new conversations makes many assignments queue on the same few agent rows; they wait their turn
 * rather than fail (Prisma's default is to give up on a transaction after 2 s of waiting for a connection).
 */
export const transactionLimits = { maxWait: 15_000, timeout: 10_000 };

type Tx = Parameters<Parameters<Deps["db"]["$transaction"]>[0]>[0];
export type AgentLoad = { load: number; max: number };

/**
 * Inside a transaction: touches the agent's row (lastAssignedAt), whose lock makes concurrent assignments to the
 * same agent take turns, then counts the conversations they hold (read after the lock, so every assignment
 * committed before is seen). `exceptConversationId`: one already theirs does not count twice.
 */
export async function lockAgentLoad(
  tx: Tx,
  input: { organizationId: string; agentId: string; now: Date; exceptConversationId?: string },
): Promise<AgentLoad> {
  const touched = await tx.user.updateMany({
    where: { id: input.agentId, organizationId: input.organizationId },
    data: { lastAssignedAt: input.now },
  });
  if (touched.count === 0) throw new AppError("NOT_FOUND", "agent not found");
  const { maxConcurrentChats } = await tx.user.findUniqueOrThrow({ where: { id: input.agentId }, select: { maxConcurrentChats: true } });
  const load = await tx.conversation.count({
    where: {
      organizationId: input.organizationId,
      assigneeId: input.agentId,
      state: { in: [...occupyingStates] },
      ...(input.exceptConversationId ? { id: { not: input.exceptConversationId } } : {}),
    },
  });
  return { load, max: maxConcurrentChats };
}
