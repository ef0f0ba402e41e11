// Limits bench: what a budget check costs on a visitor's send — the one LimitStore.spend at the entry of visitor.send —
// in memory and in Redis, against a plain Redis PING round trip from the same run as the baseline.
// Writes bench/results/limits.json. Needs REDIS_URL for the Redis rows (default redis://127.0.0.1:6379).
import { mkdirSync, writeFileSync } from "node:fs";
import { Redis } from "ioredis";
import { defaultLimitSettings } from "../server/domain/limits/settings.ts";
import { spendVisitorMessage } from "../server/domain/limits/visitor-budgets.ts";
import type { Deps } from "../server/domain/deps.ts";
import type { LimitStore } from "../server/domain/limits/limit-store.ts";
import { createMemoryLimitStore } from "../server/limits/memory.ts";
import { createRedisLimitStore } from "../server/limits/redis.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const calls = Number(process.env.BENCH_CALLS ?? 20_000);
const visitors = 1000;

async function measure(name: string, call: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 500; i++) await call(i);
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < calls; i++) await call(i);
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const row = { name, calls, wallUsPerCall: (wallMs * 1000) / calls, cpuUsPerCall: (used.user + used.system) / calls };
  console.log(
    `${name.padEnd(44)} ${row.wallUsPerCall.toFixed(1).padStart(7)} µs/call wall  ${row.cpuUsPerCall.toFixed(1).padStart(7)} µs/call CPU`,
  );
  return row;
}

const depsWith = (store: LimitStore) =>
  ({ limits: { store, settings: { ...defaultLimitSettings, messagesPerVisitorPerMinute: 1e9 } } }) as unknown as Deps;
const rows = [];
const memory = createMemoryLimitStore();
rows.push(await measure("memory: spendVisitorMessage", (i) => spendVisitorMessage(depsWith(memory), { visitorId: `v${i % visitors}` })));
const ping = new Redis(redisUrl);
rows.push(await measure("redis: PING round trip (baseline)", () => ping.ping()));
const redis = createRedisLimitStore({ url: redisUrl, keyPrefix: `parley_bench_${process.pid}:` });
rows.push(await measure("redis: spendVisitorMessage", (i) => spendVisitorMessage(depsWith(redis), { visitorId: `v${i % visitors}` })));
const [baseline, spend] = [rows[1]!, rows[2]!];
const ratio = {
  redisSpendOverPing: { wall: spend.wallUsPerCall / baseline.wallUsPerCall, cpu: spend.cpuUsPerCall / baseline.cpuUsPerCall },
};
console.log(`redis spend / PING: ${ratio.redisSpendOverPing.wall.toFixed(2)}× wall, ${ratio.redisSpendOverPing.cpu.toFixed(2)}× CPU`);
await Promise.all([memory.close(), redis.close(), ping.quit()]);
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/limits.json", JSON.stringify({ rows, ratio, at: new Date().toISOString() }, null, 2));
