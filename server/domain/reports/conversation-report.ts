import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { localDate, summarize, weekdayHour } from "./statistics.ts";

export type ReportFilters = {
  organizationId: string;
  from: Date;
  to: Date;
  siteId?: string;
  teamId?: string;
  agentId?: string;
  /** The zone days and the hour-of-week heatmap are counted in. */
  timezone: string;
};

/** A conversation nobody answered is "missed" once it is resolved, or this old. */
export const missedAfterMs = 60 * 60 * 1000;
const maxRangeMs = 366 * 24 * 60 * 60 * 1000;
const maxRows = 200_000;

const seconds = (from: Date, to: Date | null) => (to ? Math.round((to.getTime() - from.getTime()) / 1000) : null);

async function loadConversations(deps: Deps, filters: ReportFilters) {
  if (filters.to <= filters.from) throw new AppError("BAD_REQUEST", "the end of the range must be after its start");
  if (filters.to.getTime() - filters.from.getTime() > maxRangeMs) throw new AppError("BAD_REQUEST", "pick a range of at most 366 days");
  const rows = await deps.db.conversation.findMany({
    where: {
      organizationId: filters.organizationId,
      createdAt: { gte: filters.from, lt: filters.to },
      ...(filters.siteId ? { siteId: filters.siteId } : {}),
      ...(filters.teamId ? { teamId: filters.teamId } : {}),
      ...(filters.agentId ? { assigneeId: filters.agentId } : {}),
    },
    select: {
      id: true,
      siteId: true,
      teamId: true,
      assigneeId: true,
      state: true,
      createdAt: true,
      firstResponseAt: true,
      resolvedAt: true,
      ratingScore: true,
    },
    orderBy: { createdAt: "asc" },
    take: maxRows + 1,
  });
  if (rows.length > maxRows) throw new AppError("BAD_REQUEST", "too many conversations for one report; narrow the date range");
  return rows;
}

type Row = Awaited<ReturnType<typeof loadConversations>>[number];

function isMissed(row: Row, now: Date): boolean {
  return row.firstResponseAt === null && (row.state === "resolved" || now.getTime() - row.createdAt.getTime() >= missedAfterMs);
}

/** The figures of the reports page, computed from the rows so MySQL and SQLite give the same answer. */
export async function conversationReport(deps: Deps, filters: ReportFilters) {
  const rows = await loadConversations(deps, filters);
  const now = deps.now();
  // Every day of the range, quiet ones included, so a chart shows gaps as zeros; stepping by 3 h meets each local
  // day at least once whatever the DST shifts.
  const perDay = new Map<string, number>();
  for (let t = filters.from.getTime(); t < filters.to.getTime(); t += 3 * 3600_000) perDay.set(localDate(new Date(t), filters.timezone), 0);
  const heatmap = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const row of rows) {
    const day = localDate(row.createdAt, filters.timezone);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
    const { weekday, hour } = weekdayHour(row.createdAt, filters.timezone);
    heatmap[weekday]![hour]!++;
  }
  const firstResponse = rows.flatMap((row) => seconds(row.createdAt, row.firstResponseAt) ?? []);
  const resolution = rows.flatMap((row) => seconds(row.createdAt, row.resolvedAt) ?? []);

  const byAgent = new Map<string, Row[]>();
  for (const row of rows) if (row.assigneeId) byAgent.set(row.assigneeId, [...(byAgent.get(row.assigneeId) ?? []), row]);
  const agents = await deps.db.user.findMany({
    where: { organizationId: filters.organizationId, id: { in: [...byAgent.keys()] } },
    select: { id: true, name: true },
  });
  const perAgent = agents
    .map((agent) => {
      const mine = byAgent.get(agent.id)!;
      return {
        agentId: agent.id,
        name: agent.name,
        conversations: mine.length,
        resolved: mine.filter((row) => row.resolvedAt).length,
        firstResponse: summarize(mine.flatMap((row) => seconds(row.createdAt, row.firstResponseAt) ?? [])),
        resolution: summarize(mine.flatMap((row) => seconds(row.createdAt, row.resolvedAt) ?? [])),
      };
    })
    .sort((a, b) => b.conversations - a.conversations || a.name.localeCompare(b.name));

  return {
    volume: { total: rows.length, perDay: [...perDay].map(([date, count]) => ({ date, count })) },
    firstResponseSeconds: summarize(firstResponse),
    resolutionSeconds: summarize(resolution),
    missed: rows.filter((row) => isMissed(row, now)).length,
    csat: csatOf(rows),
    perAgent,
    /** [weekday 0 = Sunday][hour 0–23] → conversations started. */
    heatmap,
  };
}

/** Visitors' ratings (1–5) of the conversations in range: how many, the average, and how many of each score. */
function csatOf(rows: { ratingScore: number | null }[]) {
  const scores = rows.flatMap((row) => (row.ratingScore === null ? [] : [row.ratingScore]));
  const distribution = [1, 2, 3, 4, 5].map((score) => scores.filter((given) => given === score).length);
  const average = scores.length ? Math.round((scores.reduce((sum, score) => sum + score, 0) / scores.length) * 100) / 100 : null;
  return { count: scores.length, average, distribution };
}

const csvCell = (value: string | number | null) => {
  const text = value === null ? "" : String(value);
  // Quote everything that could break a row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** One line per conversation in the range, for spreadsheets. */
export async function conversationReportCsv(deps: Deps, filters: ReportFilters): Promise<string> {
  const rows = await loadConversations(deps, filters);
  const names = new Map(
    (await deps.db.user.findMany({ where: { organizationId: filters.organizationId }, select: { id: true, name: true } })).map((user) => [
      user.id,
      user.name,
    ]),
  );
  const header = [
    "conversation_id",
    "created_at",
    "site_id",
    "team_id",
    "assignee",
    "state",
    "first_response_seconds",
    "resolution_seconds",
  ];
  const lines = rows.map((row) =>
    [
      row.id,
      row.createdAt.toISOString(),
      row.siteId,
      row.teamId,
      row.assigneeId ? (names.get(row.assigneeId) ?? row.assigneeId) : null,
      row.state,
      seconds(row.createdAt, row.firstResponseAt),
      seconds(row.createdAt, row.resolvedAt),
    ]
      .map(csvCell)
      .join(","),
  );
  return `${[header.join(","), ...lines].join("\r\n")}\r\n`;
}
