"use client";
import { useQuery } from "@tanstack/react-query";
import type { VisitorContext } from "@/server/contracts/inbox";
import type { InboxT } from "./inbox-i18n";
import { LabelPicker } from "./label-picker";
import { flagOf } from "./list-logic";
import { useTRPC, useTRPCClient } from "@/app/_lib/trpc";

function withBadge(
  value: string | null,
  identified: boolean,
  verified: boolean,
  t: (key: "verified" | "unverified") => string,
): string | null {
  return value && identified ? `${value} (${t(verified ? "verified" : "unverified")})` : value;
}

function Field({ label, value }: { label: string; value: string | null | undefined }) {
  if (!value) return null;
  return (
    <div>
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="break-words text-sm">{value}</dd>
    </div>
  );
}

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

function placeOf(location: VisitorContext["location"], t: InboxT): string | null {
  if (!location) return null;
  if (location.kind === "local") return t("localNetwork");
  const place = [location.city, location.region, location.country].filter(Boolean).join(", ");
  return place ? `${flagOf(location.country)} ${place}`.trim() : null;
}

function localTimeIn(timezone: string | null): string | null {
  if (!timezone) return null;
  try {
    return `${new Date().toLocaleTimeString([], { timeZone: timezone, hour: "2-digit", minute: "2-digit" })} (${timezone})`;
  } catch {
    return null;
  }
}

/** Who the visitor is: identity, browser and system, where they are on the site, and their earlier conversations. */
export function VisitorPanel({
  t,
  visitorId,
  currentConversationId,
  labelIds,
  onOpen,
}: {
  t: InboxT;
  visitorId: string;
  currentConversationId: string;
  labelIds: string[];
  onOpen: (conversationId: string) => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const visitor = useQuery(trpc.agent.workspace.visitor.queryOptions({ visitorId }));
  const data = visitor.data;
  return (
    <aside
      aria-label={t("visitorInfo")}
      data-testid="visitor-panel"
      className="h-full overflow-y-auto border-l border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <LabelPicker t={t} conversationId={currentConversationId} labelIds={labelIds} />
      <h2 className="mb-3 font-semibold">{t("visitorInfo")}</h2>
      {data && (
        <>
          {data.blocked && (
            <p className="mb-2 flex items-center gap-2">
              <span className="rounded bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-800 dark:bg-red-950 dark:text-red-300">
                {t("blocked")}
              </span>
              <button
                type="button"
                className="rounded px-2 py-0.5 text-xs ring-1 ring-slate-300 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:ring-slate-700 dark:hover:bg-slate-800"
                onClick={() => void client.agent.actions.unblock.mutate({ visitorId }).then(() => visitor.refetch())}
              >
                {t("unblock")}
              </button>
            </p>
          )}
          <dl className="space-y-2">
            {/* "verified" only for what the site signed: the HMAC covers the user id, an identity JWT its name and email too. */}
            <Field label={t("visitor")} value={withBadge(data.name, data.identityVerified !== null, data.nameVerified, t)} />
            <Field label={t("email")} value={withBadge(data.email, data.identityVerified !== null, data.emailVerified, t)} />
            <Field
              label={t("userId")}
              value={withBadge(data.externalId, data.identityVerified !== null, data.identityVerified === true, t)}
            />
            <Field label={t("browser")} value={data.browser} />
            <Field label={t("os")} value={data.os} />
            <Field label={t("device")} value={data.device} />
            <Field label={t("ip")} value={data.ip} />
            <Field label={t("location")} value={placeOf(data.location, t)} />
            <Field label={t("localTime")} value={localTimeIn(data.timezone)} />
            <Field label={t("language")} value={data.language} />
            <Field label={t("currentPage")} value={data.currentPage} />
            <Field label={t("referrer")} value={data.referrer} />
            <Field label={t("firstSeen")} value={when(data.firstSeenAt)} />
            <Field label={t("lastSeen")} value={when(data.lastSeenAt)} />
          </dl>
          {Object.keys(data.attributes).length > 0 && (
            <>
              <h3 className="mb-1 mt-4 text-sm font-semibold">{t("attributes")}</h3>
              <dl className="space-y-1 text-xs" data-testid="visitor-attributes">
                {Object.entries(data.attributes).map(([key, value]) => (
                  <div key={key} className="flex gap-2">
                    <dt className="shrink-0 text-slate-500 dark:text-slate-400">{key}</dt>
                    <dd className="min-w-0 break-all">{String(value)}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
          {data.pageViews.length > 0 && (
            <>
              <h3 className="mb-1 mt-4 text-sm font-semibold">{t("pageTrail")}</h3>
              <ol className="space-y-1 text-xs" data-testid="page-trail">
                {data.pageViews.map((view) => (
                  <li key={`${view.viewedAt}-${view.url}`} className="flex gap-2">
                    <time className="shrink-0 text-slate-500 dark:text-slate-400" dateTime={view.viewedAt}>
                      {clock(view.viewedAt)}
                    </time>
                    <span className="min-w-0 break-all">{view.url}</span>
                  </li>
                ))}
              </ol>
            </>
          )}
          <h3 className="mb-1 mt-4 text-sm font-semibold">
            {t("pastConversations")}{" "}
            <span className="font-normal text-slate-500 dark:text-slate-400">({data.pastConversations.length})</span>
          </h3>
          {/* Every conversation of this visitor (a verified user's from all their devices), newest first; each opens here. */}
          <ul className="space-y-1" data-testid="visitor-conversations">
            {data.pastConversations.map((past) => (
              <li key={past.id}>
                <button
                  type="button"
                  data-testid="visitor-conversation"
                  data-state={past.state}
                  aria-current={past.id === currentConversationId ? "true" : undefined}
                  disabled={past.id === currentConversationId}
                  onClick={() => onOpen(past.id)}
                  className="block w-full rounded px-2 py-1 text-left text-xs hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:bg-indigo-50 dark:hover:bg-slate-800 dark:disabled:bg-slate-800"
                >
                  <span className="font-medium">{when(past.createdAt)}</span> · {t(`state_${past.state as "queued"}`)}
                  <span className="block truncate text-slate-500 dark:text-slate-400">{past.lastMessagePreview}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
