import { z } from "./zod.ts";

/** Shapes of the agent inbox shared with the browser (imports only zod). */

export type AgentStatusValue = "online" | "away" | "offline";
export type AgentPresence = { userId: string; status: AgentStatusValue };
/** `load`: conversations the agent holds now (assigned or pending), against their `maxConcurrentChats`. */
export type AgentSummary = {
  id: string;
  name: string;
  email: string;
  role: "admin" | "agent";
  status: AgentStatusValue;
  load: number;
  maxConcurrentChats: number;
};

/** A team a conversation can be transferred to: how many of its members are online, how many chats wait in its queue. */
export type TeamSummary = { id: string; name: string; online: number; queued: number };

/** On an organization's presence topic. */
export type PresenceEvent = { kind: "presence"; userId: string; status: AgentStatusValue };

/** On an agent's personal topic: someone mentioned them in a private note. */
export type PersonalEvent = {
  kind: "mention";
  conversationId: string;
  seq: number;
  byUserId: string;
  byName: string;
  preview: string;
};

export const cannedLimits = { shortcut: 40, title: 120, body: 5000, search: 100 } as const;
const cannedFields = {
  shortcut: z
    .string()
    .min(1, "shortcut is empty")
    .max(cannedLimits.shortcut, `shortcut is longer than ${cannedLimits.shortcut} characters`)
    .regex(/^[\p{L}\p{N}_-]+$/u, "shortcut may contain only letters, digits, '-' and '_'"),
  title: z.string().trim().min(1, "title is empty").max(cannedLimits.title, `title is longer than ${cannedLimits.title} characters`),
  body: z
    .string()
    .max(cannedLimits.body, `body is longer than ${cannedLimits.body} characters`)
    .refine((body) => body.trim().length > 0, "body is empty"),
};
export const cannedInputSchema = z.object({ ...cannedFields, shared: z.boolean().default(false) });
export type CannedInput = z.infer<typeof cannedInputSchema>;
export type CannedResponseView = { id: string; shortcut: string; title: string; body: string; shared: boolean; mine: boolean };

/** The dashboard's organization-wide (shared) canned responses: the same fields, always shared. */
export const sharedCannedInputSchema = z.object(cannedFields);
export type SharedCannedInput = z.infer<typeof sharedCannedInputSchema>;
export type SharedCannedView = { id: string; shortcut: string; title: string; body: string; updatedAt: string };

/** The variables a canned response may use, e.g. "Hi {{visitor.name}}". Unknown or empty ones become "". */
/** `{{visitor.name}}`, or with a fallback for when the value is empty: `{{visitor.name|there}}`. */
const cannedVariable = /\{\{\s*([\w.]+)\s*(?:\|([^}]*))?\}\}/g;

export function fillCannedVariables(body: string, values: Record<string, string | null | undefined>): string {
  return body.replace(cannedVariable, (_, name: string, fallback: string | undefined) => values[name]?.trim() || (fallback?.trim() ?? ""));
}

/** The variables of a canned text that would go out blank for these values (no value and no fallback), in order. */
export function blankCannedVariables(body: string, values: Record<string, string | null | undefined>): string[] {
  const blank = [...body.matchAll(cannedVariable)]
    .filter(([, name, fallback]) => !values[name!]?.trim() && !fallback?.trim())
    .map(([, name]) => name!);
  return [...new Set(blank)];
}

export type SearchHit =
  | { kind: "message"; conversationId: string; seq: number; body: string; createdAt: string; visitorName: string | null; visitorId: string }
  | { kind: "visitor"; conversationId: string | null; visitorId: string; visitorName: string | null; email: string | null };

export type VisitorContext = {
  id: string;
  name: string | null;
  email: string | null;
  /** The site's own user id from identify(), if any. */
  externalId: string | null;
  /** For a visitor the site identified (SDK identify): whether the id was signed (HMAC or JWT); null when never identified. */
  identityVerified: boolean | null;
  /** Whether name and email were signed (an identity JWT's claims); the HMAC signs only the id. */
  nameVerified: boolean;
  emailVerified: boolean;
  /** From setAttributes and the pre-chat answers. */
  attributes: Record<string, string | number | boolean>;
  ip: string | null;
  browser: string | null;
  os: string | null;
  device: string | null;
  currentPage: string | null;
  referrer: string | null;
  /** "local" for loopback and private addresses; null when the IP is unknown or not in the database. */
  location: { kind: "local" } | { kind: "public"; country: string | null; region: string | null; city: string | null } | null;
  /** IANA zone the widget reported, else the one of the IP's location: the inbox shows the visitor's local time. */
  timezone: string | null;
  /** The browser's language (BCP 47) as the widget reported it. */
  language: string | null;
  /** Newest first, at most 50. */
  pageViews: { url: string; viewedAt: string }[];
  firstSeenAt: string;
  lastSeenAt: string;
  blocked: boolean;
  pastConversations: { id: string; state: string; createdAt: string; lastMessagePreview: string | null }[];
};
