import { readFileSync } from "node:fs";

/** Nearest-rank percentiles over a sample of milliseconds. */
export function latencySummary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { count: sorted.length, p50: round(at(50)), p99: round(at(99)), max: round(sorted.at(-1) ?? NaN) };
}

/** Resident memory of a process, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"))!;
  return Number(line.replace(/\D+/g, "")) * 1024;
}

/**
 * CPU time (user + system) a process has used so far, in ms. Per message it is the fair measure on a shared machine,
 * where wall-clock latency also counts other processes' load.
 */
export function cpuMs(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command name, in clock ticks (100 per second).
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A small horizontal bar chart as SVG: one bar per label, scaled to the largest value; a missing value says so. */
export function barChartSvg(title: string, unit: string, bars: { label: string; value: number }[]): string {
  const width = 640;
  const rowHeight = 28;
  const max = Math.max(...bars.map((bar) => bar.value).filter(Number.isFinite), 1);
  const rows = bars
    .map((bar, i) => {
      const y = 40 + i * rowHeight;
      if (!Number.isFinite(bar.value)) {
        return `<text x="10" y="${y + 17}" font-size="13">${escapeXml(bar.label)}</text><text x="220" y="${y + 17}" font-size="12">not reached</text>`;
      }
      const w = Math.max(2, Math.round((bar.value / max) * 380));
      return `<text x="10" y="${y + 17}" font-size="13">${escapeXml(bar.label)}</text><rect x="220" y="${y + 4}" width="${w}" height="18" fill="#4f46e5"/><text x="${226 + w}" y="${y + 17}" font-size="12">${bar.value} ${escapeXml(unit)}</text>`;
    })
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${50 + bars.length * rowHeight}" font-family="sans-serif"><text x="10" y="24" font-size="15" font-weight="bold">${escapeXml(title)}</text>${rows}</svg>`;
}

function escapeXml(text: string) {
  return text.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]!);
}
