import picomatch from "picomatch";
import type { RoutingCondition, RoutingRule } from "../../contracts/routing.ts";

/** What routing knows about a conversation when it needs a human. */
export type RoutingContext = {
  /** The page the visitor is on (full URL). */
  pageUrl: string | null;
  /** BCP 47 language of the visitor's browser, e.g. "zh-CN". */
  language: string | null;
  /** ISO 3166 alpha-2 country, when known. */
  country: string | null;
  preChat: Record<string, string>;
  /** Attributes of an identified visitor (identify / setAttributes). */
  attributes: Record<string, string>;
};

function textMatches(actual: string | undefined | null, op: "is" | "contains", expected: string): boolean {
  if (actual == null) return false;
  return op === "is" ? actual.toLowerCase() === expected.toLowerCase() : actual.toLowerCase().includes(expected.toLowerCase());
}

/**
 * `/pricing*` matches the page's path; a pattern with a scheme matches origin + path. The query string and hash are
 * never part of the match, so `?utm_source=…` cannot change where a visitor goes.
 */
function pageMatchesGlob(pageUrl: string, pattern: string): boolean {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return false;
  }
  const subject = /^[a-z]+:\/\//i.test(pattern) ? `${url.origin}${url.pathname}` : url.pathname;
  return picomatch.isMatch(subject, pattern, { nocase: true, dot: true });
}

export function conditionHolds(condition: RoutingCondition, context: RoutingContext): boolean {
  switch (condition.field) {
    case "pageUrl":
      if (!context.pageUrl) return false;
      return condition.op === "contains"
        ? context.pageUrl.toLowerCase().includes(condition.value.toLowerCase())
        : pageMatchesGlob(context.pageUrl, condition.value);
    case "language": {
      // "zh" matches "zh-CN"; "zh-CN" matches only itself.
      const language = context.language?.toLowerCase();
      const wanted = condition.value.toLowerCase();
      return !!language && (language === wanted || language.startsWith(`${wanted}-`));
    }
    case "country":
      return textMatches(context.country, "is", condition.value);
    case "preChat":
      return textMatches(context.preChat[condition.key], condition.op, condition.value);
    case "attribute":
      return textMatches(context.attributes[condition.key], condition.op, condition.value);
  }
}

/** The team of the first rule (in order) whose conditions all hold, else the default team. */
export function pickTeam(rules: readonly RoutingRule[], context: RoutingContext, defaultTeamId: string | null): string | null {
  const rule = rules.find((candidate) => candidate.conditions.every((condition) => conditionHolds(condition, context)));
  return rule?.teamId ?? defaultTeamId;
}
