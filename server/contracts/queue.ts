/**
 * What a queued visitor is told about their wait. `estimate` is a range bucket in minutes ("under 5", "over 60"),
 * or null when there is not enough recent data (or nobody online) to say anything honest.
 */
export type WaitEstimate = { under: number } | { over: number };

export type QueueStatus = { position: number; queueLength: number; estimate: WaitEstimate | null };

/** Published on topics.queue(organizationId) whenever a team's queue changed: each node recomputes for its own visitors. */
export type QueueChanged = { teamId: string };
