"use client";
import type { useAuditWords, AuditWord } from "./audit-words";

type Words = ReturnType<typeof useAuditWords>;
export type AuditRow = {
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown> | null;
  names: Record<string, string>;
};

/** "site.widget_update" → "Changed the widget of"; an unknown verb shows as written. */
export function verbOf(action: string, w: Words): string {
  const verb = action.slice(action.indexOf(".") + 1);
  return w(verb as AuditWord) === verb ? verb.replace(/_/g, " ") : w(verb as AuditWord);
}

const namedTypes = new Set(["site", "team", "user", "label", "api_token", "webhook", "canned_response", "invitation", "organization"]);

export function targetOf(row: AuditRow, w: Words): string {
  const kind = w(`type_${row.targetType}` as AuditWord);
  const type = kind.startsWith("type_") ? row.targetType.replace(/_/g, " ") : kind;
  // Rules, FAQs and documents have no name of their own; the details say which.
  if (!row.targetId || !namedTypes.has(row.targetType)) return type;
  return `${type} “${row.names[row.targetId] ?? w("deleted")}”`;
}

/** `defaultTeamId` → "Default team", `allowedOrigins` → "Allowed origins". */
const fieldName = (key: string) => {
  const words = key
    .replace(/Ids?$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function valueText(key: string, value: unknown, row: AuditRow, w: Words): string {
  if (value === null || value === undefined || value === "") return w("none");
  if (typeof value === "boolean") return w(value ? "yes" : "no");
  if (/Ids?$/.test(key)) {
    const ids = Array.isArray(value) ? value : [value];
    return ids.map((id) => (typeof id === "string" ? (row.names[id] ?? w("deleted")) : String(id))).join(", ");
  }
  return plain(value, w);
}

/** Nested values as words: a rule's condition reads "Page URL glob /pricing*", not `{"field":"pageUrl",…}`. */
function plain(value: unknown, w: Words): string {
  if (value === null || value === undefined || value === "") return w("none");
  if (typeof value === "boolean") return w(value ? "yes" : "no");
  if (Array.isArray(value)) return value.length === 0 ? w("none") : value.map((item) => plain(item, w)).join(", ");
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.every(([, inner]) => typeof inner !== "object" || inner === null))
      return entries.map(([, inner]) => plain(inner, w)).join(" ");
    return entries.map(([key, inner]) => `${fieldName(key)}: ${plain(inner, w)}`).join("; ");
  }
  return String(value);
}

/** What changed, one line per field; `{ from, to }` pairs read as "from → to". Nested `changes` are unfolded. */
export function AuditDetails({ row, w }: { row: AuditRow; w: Words }) {
  const details = row.details ?? {};
  const entries = Object.entries(
    details.changes && typeof details.changes === "object" ? (details.changes as Record<string, unknown>) : details,
  );
  if (entries.length === 0) return null;
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-caption">
      {entries.map(([key, value]) => {
        const pair = value && typeof value === "object" && "to" in value ? (value as { from?: unknown; to: unknown }) : null;
        return (
          <div key={key} className="contents">
            <dt className="text-muted">{fieldName(key)}</dt>
            <dd className="break-words">
              {pair ? (
                <>
                  <del className="text-danger">{valueText(key, pair.from, row, w)}</del> →{" "}
                  <ins className="text-success no-underline">{valueText(key, pair.to, row, w)}</ins>
                </>
              ) : (
                valueText(key, value, row, w)
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
