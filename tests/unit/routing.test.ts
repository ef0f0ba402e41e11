import { describe, expect, it } from "vitest";
import { businessHoursSchema, routingConditionSchema, type BusinessHours } from "../../server/contracts/routing.ts";
import { isOpen } from "../../server/domain/routing/business-hours.ts";
import { decideRoute, rankAgents, type AgentState, type RouteInput, type TeamState } from "../../server/domain/routing/decide-route.ts";
import { conditionHolds, pickTeam, type RoutingContext } from "../../server/domain/routing/rules.ts";

const context = (overrides: Partial<RoutingContext> = {}): RoutingContext => ({
  pageUrl: "https://shop.example/pricing/enterprise?ref=ad",
  language: "zh-CN",
  country: "CN",
  preChat: { topic: "Billing question" },
  attributes: { plan: "enterprise" },
  ...overrides,
});

describe("rule conditions", () => {
  it.each([
    [{ field: "pageUrl", op: "contains", value: "/PRICING" }, true],
    [{ field: "pageUrl", op: "contains", value: "/docs" }, false],
    [{ field: "pageUrl", op: "glob", value: "/pricing*" }, false],
    [{ field: "pageUrl", op: "glob", value: "/pricing/**" }, true],
    [{ field: "pageUrl", op: "glob", value: "https://shop.example/pricing/*" }, true],
    [{ field: "pageUrl", op: "glob", value: "https://other.example/pricing/*" }, false],
    [{ field: "pageUrl", op: "glob", value: "/pricing/*/details" }, false],
    [{ field: "pageUrl", op: "glob", value: "https://shop.example/pricing/**" }, true],
    [{ field: "language", op: "is", value: "zh" }, true],
    [{ field: "language", op: "is", value: "zh-CN" }, true],
    [{ field: "language", op: "is", value: "zh-TW" }, false],
    [{ field: "language", op: "is", value: "z" }, "invalid"],
    [{ field: "country", op: "is", value: "cn" }, true],
    [{ field: "country", op: "is", value: "US" }, false],
    [{ field: "preChat", key: "topic", op: "contains", value: "billing" }, true],
    [{ field: "preChat", key: "topic", op: "is", value: "billing" }, false],
    [{ field: "preChat", key: "missing", op: "contains", value: "" }, false],
    [{ field: "attribute", key: "plan", op: "is", value: "Enterprise" }, true],
    [{ field: "attribute", key: "plan", op: "is", value: "free" }, false],
  ])("%o → %s", (raw, expected) => {
    const parsed = routingConditionSchema.safeParse(raw);
    if (expected === "invalid") return expect(parsed.success).toBe(false);
    expect(parsed.success).toBe(true);
    expect(conditionHolds(parsed.data!, context())).toBe(expected);
  });

  it("glob on the path: /pricing* matches /pricing and /pricing-plans, not /docs/pricing", () => {
    const rule = { field: "pageUrl", op: "glob", value: "/pricing*" } as const;
    expect(conditionHolds(rule, context({ pageUrl: "https://shop.example/pricing" }))).toBe(true);
    expect(conditionHolds(rule, context({ pageUrl: "https://shop.example/pricing-plans?x=1" }))).toBe(true);
    expect(conditionHolds(rule, context({ pageUrl: "https://shop.example/docs/pricing" }))).toBe(false);
    expect(conditionHolds(rule, context({ pageUrl: null }))).toBe(false);
  });

  it("picks the first rule whose conditions all hold, else the default team", () => {
    const rules = [
      {
        teamId: "sales",
        conditions: [
          { field: "pageUrl", op: "glob", value: "/pricing/**" },
          { field: "country", op: "is", value: "US" },
        ],
      },
      { teamId: "china", conditions: [{ field: "language", op: "is", value: "zh" }] },
      { teamId: "catch-all", conditions: [] },
    ] as const;
    expect(pickTeam(rules as never, context(), "support")).toBe("china");
    expect(pickTeam(rules as never, context({ country: "US" }), "support")).toBe("sales");
    expect(pickTeam([], context(), "support")).toBe("support");
    expect(pickTeam([], context(), null)).toBeNull();
  });
});

const agent = (userId: string, overrides: Partial<AgentState> = {}): AgentState => ({
  userId,
  online: true,
  load: 0,
  maxConcurrentChats: 5,
  lastAssignedAt: null,
  ...overrides,
});

describe("strategies and capacity", () => {
  it("round-robin: the agent who waited longest since their last assignment", () => {
    const ranked = rankAgents({
      strategy: "round_robin",
      agents: [
        agent("a", { lastAssignedAt: new Date("2026-11-28T10:05:00Z"), load: 0 }),
        agent("b", { lastAssignedAt: new Date("2026-11-28T10:01:00Z"), load: 4 }),
        agent("c", { lastAssignedAt: null, load: 2 }),
      ],
    });
    expect(ranked.map((a) => a.userId)).toEqual(["c", "b", "a"]);
  });

  it("least-busy: the lowest share of capacity in use, ties by longest wait", () => {
    const ranked = rankAgents({
      strategy: "least_busy",
      agents: [
        agent("a", { load: 2, maxConcurrentChats: 4 }),
        agent("b", { load: 1, maxConcurrentChats: 5 }),
        agent("c", { load: 1, maxConcurrentChats: 5, lastAssignedAt: new Date("2026-11-28T09:00:00Z") }),
      ],
    });
    expect(ranked.map((a) => a.userId)).toEqual(["b", "c", "a"]);
  });

  it("never offers an agent who is offline or at capacity", () => {
    const ranked = rankAgents({
      strategy: "least_busy",
      agents: [agent("full", { load: 5 }), agent("away", { online: false }), agent("free", { load: 4 })],
    });
    expect(ranked.map((a) => a.userId)).toEqual(["free"]);
  });
});

describe("decideRoute", () => {
  const team = (overrides: Partial<TeamState> = {}): TeamState => ({
    id: "support",
    strategy: "round_robin",
    businessHours: null,
    agents: [agent("ada")],
    queueLength: 0,
    ...overrides,
  });
  const input = (overrides: Partial<RouteInput> = {}, teamOverrides: Partial<TeamState> = {}): RouteInput => ({
    context: context(),
    rules: [],
    defaultTeamId: "support",
    teams: new Map([["support", team(teamOverrides)]]),
    autoAssign: true,
    maxQueueLength: 3,
    now: new Date("2026-11-28T10:00:00Z"),
    ...overrides,
  });

  it("assigns to a free agent", () => expect(decideRoute(input())).toEqual({ kind: "agent", teamId: "support", agentId: "ada" }));
  it("queues when every agent is full or offline", () => {
    expect(decideRoute(input({}, { agents: [agent("ada", { load: 5 }), agent("bo", { online: false })] }))).toEqual({
      kind: "queue",
      teamId: "support",
    });
  });
  it("queues without trying agents when auto-assign is off", () => {
    expect(decideRoute(input({ autoAssign: false }))).toEqual({ kind: "queue", teamId: "support" });
  });
  it("offers the offline form when the queue is full", () => {
    expect(decideRoute(input({}, { agents: [], queueLength: 3 }))).toEqual({ kind: "offline", teamId: "support", reason: "queue_full" });
  });
  it("offers the offline form outside business hours, even with agents online", () => {
    const closed: BusinessHours = { timezone: "UTC", weekly: [{ day: "mon", open: "09:00", close: "17:00" }], holidays: [] };
    expect(decideRoute(input({}, { businessHours: closed }))).toEqual({ kind: "offline", teamId: "support", reason: "closed" });
  });
  it("has nowhere to go without a matching rule or default team", () => {
    expect(decideRoute(input({ defaultTeamId: null }))).toEqual({ kind: "offline", teamId: null, reason: "no_team" });
  });
});

describe("business hours", () => {
  const hours = (overrides: Partial<BusinessHours> = {}) =>
    businessHoursSchema.parse({
      timezone: "America/New_York",
      weekly: ["mon", "tue", "wed", "thu", "fri"].map((day) => ({ day, open: "09:00", close: "17:00" })),
      holidays: ["2026-12-25"],
      ...overrides,
    });

  it("reads the clock in the team's time zone", () => {
    // Friday 2026-11-27 14:30 UTC is 09:30 in New York (EST, UTC-5): open. 13:59 UTC is 08:59: closed.
    expect(isOpen(hours(), new Date("2026-11-27T14:30:00Z"))).toBe(true);
    expect(isOpen(hours(), new Date("2026-11-27T13:59:00Z"))).toBe(false);
    // Closing time is exclusive.
    expect(isOpen(hours(), new Date("2026-11-27T22:00:00Z"))).toBe(false);
    expect(isOpen(hours(), new Date("2026-11-27T21:59:00Z"))).toBe(true);
    // Saturday.
    expect(isOpen(hours(), new Date("2026-11-28T15:00:00Z"))).toBe(false);
  });

  it("follows daylight saving time: the same UTC instant is open in summer and closed in winter", () => {
    // 13:30 UTC: 09:30 EDT (UTC-4) on Friday 2026-10-30, but 08:30 EST (UTC-5) on Friday 2026-11-06.
    expect(isOpen(hours(), new Date("2026-10-30T13:30:00Z"))).toBe(true);
    expect(isOpen(hours(), new Date("2026-11-06T13:30:00Z"))).toBe(false);
    // The DST change day itself (Sunday 2026-11-01) with a Sunday schedule: 09:00 local is 14:00 UTC after the change.
    const sunday = hours({ weekly: [{ day: "sun", open: "09:00", close: "17:00" }] });
    expect(isOpen(sunday, new Date("2026-11-01T13:59:00Z"))).toBe(false);
    expect(isOpen(sunday, new Date("2026-11-01T14:00:00Z"))).toBe(true);
  });

  it("is closed on a holiday (a local date), and open without a schedule", () => {
    // Christmas 2026 is a Friday; 15:00 UTC is 10:00 in New York.
    expect(isOpen(hours(), new Date("2026-12-25T15:00:00Z"))).toBe(false);
    // 2026-12-26 02:00 UTC is still 21:00 on the 25th in New York, and 2026-12-25 04:00 UTC is the 24th there.
    expect(isOpen(hours({ weekly: [{ day: "thu", open: "00:00", close: "24:00" }] }), new Date("2026-12-25T04:00:00Z"))).toBe(true);
    expect(isOpen(null, new Date())).toBe(true);
  });

  it("refuses an unknown time zone and malformed times", () => {
    expect(businessHoursSchema.safeParse({ timezone: "Mars/Olympus", weekly: [] }).success).toBe(false);
    expect(businessHoursSchema.safeParse({ timezone: "UTC", weekly: [{ day: "mon", open: "9am", close: "17:00" }] }).success).toBe(false);
  });
});
