import type { Bus } from "../bus/bus.ts";
import { encodedJsonOf } from "../bus/bus.ts";
import { topics } from "../bus/topics.ts";
import type { InboxEvent } from "../contracts/messages.ts";
import { isInScope, type TeamScope } from "../domain/conversations/team-scope.ts";
import { dataFrameRest, type LeanSubscription } from "./lean-subscriptions.ts";

type Watcher = { scope: TeamScope; subscription: LeanSubscription };
type Organization = { watchers: Set<Watcher>; live: Promise<void>; stop: AbortController };

/**
 * The inbox list's fan-out on this node: one bus subscription per organization however many agents watch, and each
 * event written to every watcher in scope as the bytes it arrived as — encoded to bytes once, then per watcher only its
 * frame header and head beside the shared bytes, no per-watcher queue, promise or generator step
 * (lean-subscriptions.ts, ws-frames.ts).
 */
export function createInboxFanout(bus: Bus) {
  const organizations = new Map<string, Organization>();

  const deliver = (organization: Organization, event: unknown) => {
    // The frame's bytes after each watcher's head, encoded once for all of them.
    const rest = dataFrameRest(encodedJsonOf(event) ?? JSON.stringify(event));
    const { conversation } = event as InboxEvent;
    for (const watcher of organization.watchers) if (isInScope(watcher.scope, conversation)) watcher.subscription.send(rest);
  };

  return {
    /** Watchers on this node now (all organizations). */
    watcherCount: () => [...organizations.values()].reduce((sum, organization) => sum + organization.watchers.size, 0),

    /** Delivers the organization's inbox events to `subscription` until `signal` aborts; resolves once live. */
    async watch(organizationId: string, scope: TeamScope, subscription: LeanSubscription, signal: AbortSignal): Promise<void> {
      let organization = organizations.get(organizationId);
      if (!organization) {
        const created: Organization = { watchers: new Set(), live: Promise.resolve(), stop: new AbortController() };
        created.live = bus.subscribe(topics.inbox(organizationId), (event) => deliver(created, event), created.stop.signal);
        organizations.set(organizationId, created);
        organization = created;
      }
      const joined = organization;
      const watcher: Watcher = { scope, subscription };
      joined.watchers.add(watcher);
      const leave = () => {
        joined.watchers.delete(watcher);
        if (joined.watchers.size === 0 && organizations.get(organizationId) === joined) {
          organizations.delete(organizationId);
          joined.stop.abort();
        }
      };
      if (signal.aborted) return leave();
      signal.addEventListener("abort", leave, { once: true });
      try {
        await joined.live;
      } catch (error) {
        // The subscription failed (Redis away): this organization's entry goes, so the next try subscribes anew.
        signal.removeEventListener("abort", leave);
        leave();
        if (organizations.get(organizationId) === joined) organizations.delete(organizationId);
        throw error;
      }
    },
  };
}

export type InboxFanout = ReturnType<typeof createInboxFanout>;

const fanouts = new WeakMap<Bus, InboxFanout>();

/** One fan-out per bus, i.e. per node (tests build several nodes in one process). */
export function inboxFanoutFor(bus: Bus): InboxFanout {
  let fanout = fanouts.get(bus);
  if (!fanout) {
    fanout = createInboxFanout(bus);
    fanouts.set(bus, fanout);
  }
  return fanout;
}
