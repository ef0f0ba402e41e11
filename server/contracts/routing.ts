import { z } from "zod";

/** Routing rules and business hours as the dashboard edits them; routing (server/domain/routing) applies them. */

export const routingConditionSchema = z.discriminatedUnion("field", [
  z.object({ field: z.literal("pageUrl"), op: z.enum(["contains", "glob"]), value: z.string().min(1).max(500) }),
  z.object({ field: z.literal("language"), op: z.literal("is"), value: z.string().min(2).max(35) }),
  z.object({ field: z.literal("country"), op: z.literal("is"), value: z.string().length(2) }),
  z.object({ field: z.literal("preChat"), key: z.string().min(1).max(64), op: z.enum(["is", "contains"]), value: z.string().max(500) }),
  z.object({ field: z.literal("attribute"), key: z.string().min(1).max(64), op: z.enum(["is", "contains"]), value: z.string().max(500) }),
]);
export type RoutingCondition = z.infer<typeof routingConditionSchema>;

/** A rule sends a conversation to a team when every condition holds (an empty list always holds). */
export const routingRuleSchema = z.object({
  teamId: z.string().min(1).max(30),
  conditions: z.array(routingConditionSchema).max(20),
});
export type RoutingRule = z.infer<typeof routingRuleSchema>;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "time must be HH:MM");
const weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);

/** A team's opening hours: weekly intervals in the team's time zone, minus holidays (local dates). */
export const businessHoursSchema = z.object({
  timezone: z.string().min(1).max(64).refine(isTimeZone, "unknown time zone"),
  weekly: z.array(z.object({ day: weekday, open: time, close: time })).max(50),
  holidays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "holiday must be YYYY-MM-DD"))
    .max(366)
    .default([]),
});
export type BusinessHours = z.infer<typeof businessHoursSchema>;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
