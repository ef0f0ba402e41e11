import type { Bus } from "../bus/bus.ts";
import { topics } from "../bus/topics.ts";
import type { PresenceEvent } from "../contracts/inbox.ts";
import type { Deps } from "../domain/deps.ts";

/** Presence entries expire without an event (a tab or node that died): the map is re-read this often. */
const rereadEveryMs = 30_000;

/**
 * Whether anyone of one organization is online, for this node's watching visitors: one presence subscription and one
 * status map however many visitors, so an agent's heartbeat costs a map update, not a read per visitor.
 */
class OrganizationAvailability {
  readonly listeners = new Set<(online: boolean) => void>();
  private statuses = new Map<string, string>();
  private online = false;
  private readonly stop = new AbortController();
  private readonly timer: ReturnType<typeof setInterval>;
  readonly live: Promise<void>;

  constructor(
    private readonly deps: Deps,
    private readonly organizationId: string,
  ) {
    this.live = deps.bus
      .subscribe(
        topics.presence(organizationId),
        (event) => {
          const { userId, status } = event as PresenceEvent;
          if (status === "offline") this.statuses.delete(userId);
          else this.statuses.set(userId, status);
          this.publish();
        },
        this.stop.signal,
        { onResume: () => void this.reread() },
      )
      .then(() => this.reread());
    this.timer = setInterval(() => void this.reread(), rereadEveryMs);
    this.timer.unref?.();
  }

  get current() {
    return this.online;
  }

  close() {
    clearInterval(this.timer);
    this.stop.abort();
  }

  private async reread() {
    try {
      this.statuses = new Map(await this.deps.presence.list(this.organizationId));
      this.publish();
    } catch (error) {
      this.deps.log.warn("presence not read", { organizationId: this.organizationId, error: String(error) });
    }
  }

  private publish() {
    const online = [...this.statuses.values()].includes("online");
    if (online === this.online) return;
    this.online = online;
    for (const listener of this.listeners) listener(online);
  }
}

const registries = new WeakMap<Bus, Map<string, OrganizationAvailability>>();

/**
 * Calls `onChange` with whether any agent of the organization is online (not away) now and whenever that changes,
 * until `signal` aborts: the widget switches between its offline form and the composer on it (issue #13, defect 2).
 */
export async function watchAvailability(
  deps: Deps,
  input: { organizationId: string; signal: AbortSignal; onChange: (online: boolean) => void },
): Promise<void> {
  if (input.signal.aborted) return;
  const organizations = registries.get(deps.bus) ?? new Map<string, OrganizationAvailability>();
  registries.set(deps.bus, organizations);
  let owner = organizations.get(input.organizationId);
  if (!owner) {
    owner = new OrganizationAvailability(deps, input.organizationId);
    organizations.set(input.organizationId, owner);
  }
  const watched = owner;
  watched.listeners.add(input.onChange);
  input.signal.addEventListener(
    "abort",
    () => {
      watched.listeners.delete(input.onChange);
      if (watched.listeners.size === 0 && organizations.get(input.organizationId) === watched) {
        watched.close();
        organizations.delete(input.organizationId);
      }
    },
    { once: true },
  );
  try {
    await watched.live;
  } catch (error) {
    // Not subscribed (bus down): the next visitor to watch tries again with a fresh subscription.
    watched.listeners.delete(input.onChange);
    if (organizations.get(input.organizationId) === watched) organizations.delete(input.organizationId);
    throw error;
  }
  input.onChange(watched.current);
}
