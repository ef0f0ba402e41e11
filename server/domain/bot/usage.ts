import type { Deps } from "../deps.ts";
import type { LlmUsage } from "./llm.ts";

export type UsageKind = "reply" | "suggest" | "summary" | "test";

/** One line per LLM call, per organization: what the endpoint is costing. */
export async function recordUsage(
  deps: Deps,
  input: { organizationId: string; siteId: string | null; conversationId: string | null; kind: UsageKind; usage: LlmUsage },
) {
  await deps.db.botUsage.create({
    data: {
      organizationId: input.organizationId,
      siteId: input.siteId,
      conversationId: input.conversationId,
      kind: input.kind,
      promptTokens: input.usage.promptTokens,
      completionTokens: input.usage.completionTokens,
      createdAt: deps.now(),
    },
  });
}

export async function conversationTokens(deps: Deps, organizationId: string, conversationId: string): Promise<number> {
  const sum = await deps.db.botUsage.aggregate({
    where: { organizationId, conversationId },
    _sum: { promptTokens: true, completionTokens: true },
  });
  return (sum._sum.promptTokens ?? 0) + (sum._sum.completionTokens ?? 0);
}

/** Tokens an organization spent since a date, by kind (the dashboard shows it next to the endpoint). */
export async function organizationUsage(deps: Deps, organizationId: string, since: Date) {
  const rows = await deps.db.botUsage.groupBy({
    by: ["kind"],
    where: { organizationId, createdAt: { gte: since } },
    _sum: { promptTokens: true, completionTokens: true },
    _count: { _all: true },
  });
  return rows.map((row) => ({
    kind: row.kind,
    calls: row._count._all,
    promptTokens: row._sum.promptTokens ?? 0,
    completionTokens: row._sum.completionTokens ?? 0,
  }));
}
