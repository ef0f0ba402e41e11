// Summarises a `node --cpu-prof` profile by where self time went (database driver, ORM, tRPC, ws, GC, …), over a
// time window of the run (one load step), so a profile of a whole bench run still says what one rate costs.
import { readFileSync } from "node:fs";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string }; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

/** Ordered: the first rule whose pattern matches a frame's URL (or, for native frames, its name) names its category. */
const categories: [string, RegExp][] = [
  ["GC", /^\(garbage collector\)$/],
  ["Prisma query compiler (wasm)", /^wasm:|query_compiler/],
  ["Prisma runtime", /@prisma\/client|\.prisma|generated\/(mysql|sqlite)/],
  ["Prisma driver adapter", /@prisma\/adapter-/],
  ["mariadb driver", /node_modules\/mariadb\//],
  ["better-sqlite3", /better-sqlite3/],
  ["tRPC", /@trpc\//],
  ["ws", /node_modules\/ws\//],
  ["ioredis", /ioredis|redis-parser|@ioredis/],
  ["zod", /node_modules\/zod\//],
  ["ulid", /node_modules\/ulid\//],
  ["Next (incl. its crypto wrapper)", /node_modules\/next\//],
  ["app code", /dist\/server\.mjs|\/server\/|\.ts$/],
  [
    "node: net, streams, timers",
    /^node:(net|internal\/stream|internal\/streams|stream|internal\/timers|timers|internal\/net|internal\/dgram)/,
  ],
  ["node: crypto", /^node:(crypto|internal\/crypto)/],
  ["node: other internals", /^node:/],
  ["other packages", /node_modules/],
];

export type ProfileSummary = { totalMs: number; busyMs: number; shares: { category: string; ms: number; percent: number }[] };

/** Self time per category between fromUs and toUs (CLOCK_MONOTONIC µs, as process.hrtime gives); idle left out. */
export function summarizeProfile(file: string, fromUs = -Infinity, toUs = Infinity): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const categoryOf = new Map<number, string>();
  const classify = (node: ProfileNode): string => {
    const { url, functionName } = node.callFrame;
    if (functionName === "(idle)") return "idle";
    if (functionName === "(program)") return "V8/native (program)";
    const key = url || functionName;
    for (const [name, pattern] of categories) if (pattern.test(key)) return name;
    return url ? "other" : `native: ${functionName || "(anonymous)"}`;
  };
  const times = new Map<string, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]!;
    const next = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1]! : 0;
    if (at < fromUs || at > toUs) continue;
    const id = profile.samples[i]!;
    let category = categoryOf.get(id);
    if (!category) {
      category = classify(byId.get(id)!);
      categoryOf.set(id, category);
    }
    times.set(category, (times.get(category) ?? 0) + next / 1000);
  }
  const totalMs = [...times.values()].reduce((a, b) => a + b, 0);
  const busyMs = totalMs - (times.get("idle") ?? 0);
  const shares = [...times]
    .filter(([category]) => category !== "idle")
    .map(([category, ms]) => ({ category, ms: Math.round(ms), percent: Math.round((ms / Math.max(busyMs, 1)) * 1000) / 10 }))
    .sort((a, b) => b.ms - a.ms);
  return { totalMs: Math.round(totalMs), busyMs: Math.round(busyMs), shares };
}

/** `node bench/support/profile-summary.ts file.cpuprofile`: the summary of a whole profile. */
if (process.argv[1]?.endsWith("profile-summary.ts") && process.argv[2]) {
  const summary = summarizeProfile(process.argv[2]);
  console.log(`busy ${summary.busyMs} ms of ${summary.totalMs} ms`);
  for (const share of summary.shares.slice(0, 20)) console.log(`${String(share.percent).padStart(5)} %  ${share.ms} ms  ${share.category}`);
}
