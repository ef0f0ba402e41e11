import type { Bus } from "../bus/bus.ts";
import { topics } from "../bus/topics.ts";
import type { QueueChanged, QueueStatus } from "../contracts/queue.ts";
import type { Deps } from "../domain/deps.ts";
import { routingPresence } from "../domain/routing/presence.ts";
import { queuedTeamsOf, readHandleTimes, readOnlineSlots, readTeamQueue, statusesOf } from "../domain/routing/queue-status.ts";

/** Handle times move slowly: a node re-reads them at most this often per team (online capacity, on every change). */
const handleTimesMaxAgeMs = 60_000;

/** One visitor stream (a visitor with two tabs has two). */
type Watcher = { conversationId: string; teamId: string | null; last: string; onStatus: (status: QueueStatus | null) => void };

type TeamRefresh = { running: boolean; again: boolean; handleTimes: { at: number; value: number[] } | null };

/**
 * This node's watching visitors of one organization. One bus subscription however many visitors; a "queue changed"
 * event costs one ordered read of that team's queue and one of its online capacity (its handle times once a minute),
 * then a map lookup per local visitor. Events that arrive while a team is being read collapse into one more read,
 * so a drain of hundreds of assignments costs a few reads, not hundreds.
 */
class OrganizationQueues {
  readonly watchers = new Set<Watcher>();
  private readonly teams = new Map<string, TeamRefresh>();
  private readonly stop = new AbortController();
  readonly live: Promise<void>;

  constructor(
    private readonly deps: Deps,
    private readonly organizationId: string,
  ) {
    this.live = deps.bus.subscribe(
      topics.queue(organizationId),
      (event) => this.refresh((event as QueueChanged).teamId),
      this.stop.signal,
      {
        onResume: () => void this.resync([...this.watchers]),
      },
    );
  }

  close() {
    this.stop.abort();
  }

  /** Finds which teams these watchers' conversations wait in and refreshes those (and every team they were last seen in). */
  async resync(watchers: Watcher[]) {
    try {
      const teams = await queuedTeamsOf(this.deps, this.organizationId, [...new Set(watchers.map((watcher) => watcher.conversationId))]);
      for (const watcher of watchers) {
        if (watcher.teamId) teams.add(watcher.teamId);
        else this.push(watcher, null);
      }
      await Promise.all([...teams].map((teamId) => this.refresh(teamId)));
    } catch (error) {
      this.deps.log.warn("queue positions not read", { organizationId: this.organizationId, error: String(error) });
    }
  }

  async refresh(teamId: string): Promise<void> {
    const team = this.teams.get(teamId) ?? { running: false, again: false, handleTimes: null };
    this.teams.set(teamId, team);
    if (team.running) {
      team.again = true;
      return;
    }
    team.running = true;
    try {
      do {
        team.again = false;
        const where = { organizationId: this.organizationId, teamId };
        const now = Date.now();
        if (!team.handleTimes || now - team.handleTimes.at > handleTimesMaxAgeMs) {
          team.handleTimes = { at: now, value: await readHandleTimes(this.deps, where) };
        }
        const [queue, onlineSlots] = await Promise.all([
          readTeamQueue(this.deps, where),
          readOnlineSlots(this.deps, routingPresence(this.deps), where),
        ]);
        const statusOf = statusesOf(queue, { handleTimesMs: team.handleTimes.value, onlineSlots });
        for (const watcher of this.watchers) {
          const status = statusOf(watcher.conversationId);
          if (status) {
            watcher.teamId = teamId;
            this.push(watcher, status);
          } else if (watcher.teamId === teamId) {
            watcher.teamId = null;
            this.push(watcher, null);
          }
        }
      } while (team.again && !this.stop.signal.aborted);
    } catch (error) {
      this.deps.log.warn("queue positions not read", { teamId, error: String(error) });
    } finally {
      team.running = false;
      if (!this.watchersIn(teamId)) this.teams.delete(teamId);
    }
  }

  private watchersIn(teamId: string): boolean {
    for (const watcher of this.watchers) if (watcher.teamId === teamId) return true;
    return false;
  }

  /** Only a change reaches the visitor. */
  private push(watcher: Watcher, status: QueueStatus | null) {
    const text = JSON.stringify(status);
    if (!this.watchers.has(watcher) || watcher.last === text) return;
    watcher.last = text;
    watcher.onStatus(status);
  }
}

/** One registry per process: keyed by the bus, which each server process has exactly one of. */
const registries = new WeakMap<Bus, Map<string, OrganizationQueues>>();

/**
 * Calls `onStatus` with the visitor's queue status (null when not queued) now and whenever it changes, until
 * `signal` aborts. Resolves once this node listens for queue changes, so nothing published after that is missed.
 */
export async function watchQueueStatus(
  deps: Deps,
  input: { organizationId: string; conversationId: string; signal: AbortSignal; onStatus: (status: QueueStatus | null) => void },
): Promise<void> {
  if (input.signal.aborted) return;
  const organizations = registries.get(deps.bus) ?? new Map<string, OrganizationQueues>();
  registries.set(deps.bus, organizations);
  let queues = organizations.get(input.organizationId);
  if (!queues) {
    queues = new OrganizationQueues(deps, input.organizationId);
    organizations.set(input.organizationId, queues);
  }
  const owner = queues;
  // Starts as "not queued": a visitor who never queues hears nothing.
  const watcher: Watcher = { conversationId: input.conversationId, teamId: null, last: "null", onStatus: input.onStatus };
  owner.watchers.add(watcher);
  const leave = () => {
    owner.watchers.delete(watcher);
    if (owner.watchers.size === 0 && organizations.get(input.organizationId) === owner) {
      owner.close();
      organizations.delete(input.organizationId);
    }
  };
  input.signal.addEventListener("abort", leave, { once: true });
  try {
    await owner.live;
  } catch (error) {
    // Not subscribed (bus down): the next visitor to watch tries again with a fresh subscription.
    if (organizations.get(input.organizationId) === owner) organizations.delete(input.organizationId);
    input.signal.removeEventListener("abort", leave);
    owner.watchers.delete(watcher);
    throw error;
  }
  await owner.resync([watcher]);
}
