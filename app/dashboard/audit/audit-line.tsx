"use client";
import type { useAuditWords, AuditWord } from "./audit-words";

type Words = ReturnType<typeof useAuditWords>;
export type AuditRow = { action: string; targetType: string; targetId: string | null; details: Record<string, unknown> | null; names: Record<string, string> };

/** "site.widget_update" → "Changed the widget of"; an unknown verb shows as written. */
export function verbOf(action: string, w: Words): string {
  const verb = action.slice(action.indexOf(".") + 1);
  return w(verb as AuditWord) === verb ? verb.replace(/_/g, " ") : w(verb as AuditWord);
}

export function targetOf(row: AuditRow, w: Words): string {
  const kind = w(`type_${row.targetType}` as AuditWord);
  const type = kind.startsWith("type_") ? row.targetType.replace(/_/g, " ") : kind;
  if (!row.targetId) return type;
  return `${type} “${row.names[row.targetId] ?? w("deleted")}”`;
}

/** `defaultTeamId` → "Default team", `allowedOrigins` → "Allowed origins". */
const fieldName = (key: string) => {
  const words = key.replace(/Ids?$/, "").replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function valueText(key: string, value: unknown, row: AuditRow, w: Words): string {
  if (value === null || value === undefined || value === "") return w("none");
  if (typeof value === "boolean") return w(value ? "yes" : "no");
  if (/Ids?$/.test(key)) {
    const ids = Array.isArray(value) ? value : [value];
    return ids.map((id) => (typeof id === "string" ? (row.names[id] ?? w("deleted")) : String(id))).join(", ");
  }
  if (Array.isArray(value)) return value.length === 0 ? w("none") : value.map((item) => (typeof item === "object" ? JSON.stringify(item) : String(item))).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** What changed, one line per field; `{ from, to }` pairs read as "from → to". Nested `changes` are unfolded. */
export function AuditDetails({ row, w }: { row: AuditRow; w: Words }) {
  const details = row.details ?? {};
  const entries = Object.entries(details.changes && typeof details.changes === "object" ? (details.changes as Record<string, unknown>) : details);
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
                  <del className="text-danger">{valueText(key, pair.from, row, w)}</del> → <ins className="text-success no-underline">{valueText(key, pair.to, row, w)}</ins>
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
