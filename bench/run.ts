// `npm run bench`: every benchmark in turn; each writes its report under bench/results/. Never part of `npm test`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const benches = [
  "bench/throughput.ts",
  "bench/delivery.ts",
  "bench/connections.ts",
  "bench/widget-load.ts",
  "bench/inbox-load.ts",
  "bench/bot-retrieval.ts",
  "bench/bot-intents.ts",
  "bench/queue-positions.ts",
  "bench/storm.ts",
  "bench/metrics-overhead.ts",
  "bench/limits.ts",
  "bench/storage.ts",
].filter((file) => existsSync(file));
let failed = 0;
for (const bench of benches) {
  console.log(`\n== ${bench}`);
  const status = spawnSync(process.execPath, ["--import", "tsx", bench], { stdio: "inherit" }).status;
  if (status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
