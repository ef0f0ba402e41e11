/** Every bus topic name is made here, so publishers and subscribers cannot drift apart. */
export const topics = {
  conversation: (conversationId: string) => `conv:${conversationId}`,
  /** Typing, drafts and read marks of one conversation (see contracts/signals.ts). */
  conversationSignals: (conversationId: string) => `convsig:${conversationId}`,
  inbox: (organizationId: string) => `inbox:${organizationId}`,
  agent: (userId: string) => `agent:${userId}`,
  /** "A team's queue changed" for one organization (see contracts/queue.ts). */
  queue: (organizationId: string) => `queue:${organizationId}`,
  presence: (organizationId: string) => `presence:${organizationId}`,
  nodes: () => "nodes",
  /** Each node's own probe of the bus's round trip (server/metrics/instrument-bus.ts). */
  metricsProbe: (node: string) => `probe:${node}`,
  /** A session ended or a user's rights changed: every node drops what it cached and closes the affected sockets. */
  access: () => "access",
} as const;

/** Replay window keys (Bus.publishToWindow); the organization is part of the key, so a read is tenant-filtered. */
export const windows = {
  conversation: (organizationId: string, conversationId: string) => `win:${organizationId}:${conversationId}`,
} as const;
