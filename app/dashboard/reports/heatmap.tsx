"use client";
import type { DashboardT } from "../_lib/i18n";

const weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

/** Hour-of-week counts as a table (readable by screen readers), shaded by count. */
export function Heatmap({ heatmap, t }: { heatmap: number[][]; t: DashboardT }) {
  const max = Math.max(1, ...heatmap.flat());
  return (
    <div className="overflow-x-auto">
      <table className="border-separate border-spacing-0.5 text-xs">
        <caption className="sr-only">{t("heatmap")}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">{t("day")}</span>
            </th>
            {Array.from({ length: 24 }, (_, hour) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the index is the hour of the day
              <th key={hour} scope="col" className="w-6 font-normal text-muted">
                {hour}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[1, 2, 3, 4, 5, 6, 0].map((weekday) => (
            <tr key={weekday}>
              <th scope="row" className="pr-2 text-left font-normal">
                {t(weekdays[weekday]!)}
              </th>
              {heatmap[weekday]!.map((count, hour) => (
                <td
                  // biome-ignore lint/suspicious/noArrayIndexKey: the index is the hour of the day
                  key={hour}
                  className="h-6 w-6 rounded text-center"
                  style={{ backgroundColor: `rgba(99, 102, 241, ${count === 0 ? 0.06 : 0.2 + (0.8 * count) / max})` }}
                >
                  {count > 0 ? count : <span className="sr-only">0</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
