import type { Deps } from "../deps.ts";
import type { Budget, Spend } from "./limit-store.ts";
import { tooMany } from "./retry.ts";

/**
 * What one visitor, or one address, may make Parley store or do: checked at the entry of widget.session, the
 * visitor's sends and uploads, against counters every node shares (deps.limits). One store round trip per budget,
 * no database read. A refused call counts for nothing and is answered 429 / TOO_MANY_REQUESTS with when to retry.
 */
const minute = 60;
const hour = 60 * 60;

function budgetsOf(deps: Deps) {
  const s = deps.limits.settings;
  return {
    sessionsPerIp: { name: "sessions-ip", points: s.sessionsPerIpPerMinute, durationS: minute },
    messagesPerVisitor: { name: "messages-visitor", points: s.messagesPerVisitorPerMinute, durationS: minute },
    uploadBytesPerVisitor: { name: "upload-bytes-visitor", points: s.uploadBytesPerVisitorPerHour, durationS: hour },
    uploadFilesPerVisitor: { name: "upload-files-visitor", points: s.uploadFilesPerVisitorPerHour, durationS: hour },
    uploadBytesPerIp: { name: "upload-bytes-ip", points: s.uploadBytesPerIpPerHour, durationS: hour },
    uploadFilesPerIp: { name: "upload-files-ip", points: s.uploadFilesPerIpPerHour, durationS: hour },
  } satisfies Record<string, Budget>;
}

type Charge = { budget: Budget; key: string; points: number };

/** Spends every charge; if any is refused, gives all of them back and throws the longest wait. */
async function spendAll(deps: Deps, what: string, charges: Charge[]): Promise<void> {
  const { store } = deps.limits;
  const spends: Spend[] = await Promise.all(charges.map((c) => store.spend(c.budget, c.key, c.points)));
  const refused = spends.filter((spend) => !spend.allowed);
  if (refused.length === 0) return;
  await Promise.all(charges.map((c) => store.refund(c.budget, c.key, c.points)));
  throw tooMany(what, Math.max(...refused.map((spend) => spend.retryAfterMs)));
}

const addressOf = (ip: string | null) => ip ?? "unknown";

export function spendWidgetSession(deps: Deps, ip: string | null): Promise<void> {
  return spendAll(deps, "too many chat sessions opened from this address", [
    { budget: budgetsOf(deps).sessionsPerIp, key: addressOf(ip), points: 1 },
  ]);
}

export function spendVisitorMessage(deps: Deps, visitor: { visitorId: string }): Promise<void> {
  return spendAll(deps, "you are sending messages too fast", [
    { budget: budgetsOf(deps).messagesPerVisitor, key: visitor.visitorId, points: 1 },
  ]);
}

/** One file of `bytes` as declared by Content-Length; without one, 1 here (refused once the budget is spent) and the rest once stored. */
export function spendVisitorUpload(deps: Deps, visitor: { visitorId: string }, ip: string | null, bytes: number): Promise<void> {
  const b = budgetsOf(deps);
  const address = addressOf(ip);
  const charges: Charge[] = [
    { budget: b.uploadFilesPerVisitor, key: visitor.visitorId, points: 1 },
    { budget: b.uploadFilesPerIp, key: address, points: 1 },
  ];
  // The library counts whole points only, and a zero charge would check nothing.
  const points = Math.max(1, Math.ceil(bytes));
  charges.push({ budget: b.uploadBytesPerVisitor, key: visitor.visitorId, points }, { budget: b.uploadBytesPerIp, key: address, points });
  return spendAll(deps, "too many files uploaded; the hourly upload budget is used up", charges);
}

/** Bytes of an upload that declared no size, counted once stored: they refuse the next upload, not this one. */
export async function recordVisitorUploadBytes(
  deps: Deps,
  visitor: { visitorId: string },
  ip: string | null,
  bytes: number,
): Promise<void> {
  if (bytes <= 0) return;
  const b = budgetsOf(deps);
  await Promise.all([
    deps.limits.store.spend(b.uploadBytesPerVisitor, visitor.visitorId, bytes),
    deps.limits.store.spend(b.uploadBytesPerIp, addressOf(ip), bytes),
  ]);
}
