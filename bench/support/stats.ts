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
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"))!;
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

/**
 * A line chart as SVG: one polyline per series over shared numeric x values (e.g. offered rate), y from 0 to the
 * largest value, with axis ticks; each point labelled with its value.
 */
export function lineChartSvg(
  title: string,
  xLabel: string,
  yLabel: string,
  series: { name: string; color: string; points: { x: number; y: number }[] }[],
): string {
  const width = 720;
  const height = 400;
  const left = 70;
  const right = 20;
  const top = 40;
  const bottom = 60;
  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.y));
  const maxX = Math.max(...all.map((p) => p.x), 1);
  const maxY = niceCeiling(Math.max(...all.map((p) => p.y), 1));
  const px = (x: number) => left + (x / maxX) * (width - left - right);
  const py = (y: number) => top + (1 - y / maxY) * (height - top - bottom);
  const ticks = Array.from({ length: 6 }, (_, i) => (maxY * i) / 5);
  const xs = [...new Set(all.map((p) => p.x))].sort((a, b) => a - b);
  const parts = [
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left}" y="24" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    ...ticks.map(
      (t) =>
        `<line x1="${left}" x2="${width - right}" y1="${py(t)}" y2="${py(t)}" stroke="#e5e7eb"/><text x="${left - 6}" y="${py(t) + 4}" font-size="11" text-anchor="end">${formatTick(t)}</text>`,
    ),
    ...xs.map((x) => `<text x="${px(x)}" y="${height - bottom + 16}" font-size="11" text-anchor="middle">${x}</text>`),
    `<text x="${(left + width - right) / 2}" y="${height - 22}" font-size="12" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text x="16" y="${(top + height - bottom) / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 16 ${(top + height - bottom) / 2})">${escapeXml(yLabel)}</text>`,
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${height - bottom}" stroke="#374151"/><line x1="${left}" x2="${width - right}" y1="${height - bottom}" y2="${height - bottom}" stroke="#374151"/>`,
  ];
  series.forEach((s, i) => {
    const points = s.points.filter((p) => Number.isFinite(p.y));
    parts.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(" ")}"/>`,
    );
    for (const p of points) {
      parts.push(
        `<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3" fill="${s.color}"/><text x="${px(p.x).toFixed(1)}" y="${(py(p.y) - 6).toFixed(1)}" font-size="10" text-anchor="middle" fill="${s.color}">${formatTick(p.y)}</text>`,
      );
    }
    parts.push(
      `<rect x="${width - 200}" y="${top + i * 18}" width="12" height="12" fill="${s.color}"/><text x="${width - 182}" y="${top + 10 + i * 18}" font-size="12">${escapeXml(s.name)}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">${parts.join("")}</svg>\n`;
}

function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= value)!;
}

function formatTick(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 100) / 100);
}
