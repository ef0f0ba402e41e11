import { handoffReasons, type HandoffReason } from "../../contracts/thread-events.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";

export type BotReportFilters = { organizationId: string; from: Date; to: Date; siteId?: string };

const maxRangeMs = 366 * 24 * 60 * 60 * 1000;
const maxRows = 200_000;

/**
 * The bot's figures over conversations created in the range that the bot took part in: the share it resolved alone
 * (resolved, never handed off, no agent reply), the hand-off rate and reasons, and how many answers it gave before
 * handing off. Computed from rows so MySQL and SQLite agree.
 */
export async function botReport(deps: Deps, filters: BotReportFilters) {
  if (filters.to <= filters.from) throw new AppError("BAD_REQUEST", "the end of the range must be after its start");
  if (filters.to.getTime() - filters.from.getTime() > maxRangeMs) throw new AppError("BAD_REQUEST", "pick a range of at most 366 days");
  const rows = await deps.db.conversation.findMany({
    where: {
      organizationId: filters.organizationId,
      createdAt: { gte: filters.from, lt: filters.to },
      ...(filters.siteId ? { siteId: filters.siteId } : {}),
      OR: [{ botTurns: { gt: 0 } }, { handoffReason: { not: null } }, { state: "bot" }],
    },
    select: { state: true, botTurns: true, handoffReason: true, firstResponseAt: true },
    take: maxRows + 1,
  });
  if (rows.length > maxRows) throw new AppError("BAD_REQUEST", "too many conversations for one report; narrow the date range");
  const reasons = Object.fromEntries(handoffReasons.map((reason) => [reason, 0])) as Record<HandoffReason, number>;
  let handoffs = 0;
  let turnsBeforeHandoff = 0;
  let botResolved = 0;
  for (const row of rows) {
    if (row.handoffReason) {
      handoffs++;
      turnsBeforeHandoff += row.botTurns;
      if (row.handoffReason in reasons) reasons[row.handoffReason as HandoffReason]++;
    } else if (row.state === "resolved" && row.firstResponseAt === null) {
      botResolved++;
    }
  }
  const share = (count: number) => (rows.length === 0 ? null : count / rows.length);
  return {
    conversations: rows.length,
    botResolved,
    botResolvedShare: share(botResolved),
    handoffs,
    handoffRate: share(handoffs),
    reasons,
    averageBotTurnsBeforeHandoff: handoffs === 0 ? null : turnsBeforeHandoff / handoffs,
  };
}
