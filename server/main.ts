import cluster from "node:cluster";
import { superviseWorkers } from "./cluster.ts";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { createLogger, processLog } from "./log.ts";
import { nodeLabel } from "./metrics/serve.ts";
import { startNode } from "./node.ts";
import { prepareDatabase } from "./prepare.ts";

/** Process entry. WORKERS=1 (default): prepare the database and serve here. WORKERS=N: prepare once, fork N servers. */
function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      processLog.error(`parley: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

async function main() {
  const startedAt = performance.now();
  const config = readConfig();
  const log = createLogger({ pid: process.pid, node: nodeLabel() }, config.logLevel);
  if (cluster.isPrimary) await prepareDatabase(config, log);
  if (cluster.isPrimary && config.workers > 1) return superviseWorkers(config, log);
  await startNode(config, log, startedAt);
}

main().catch((error) => {
  processLog.error(`parley: start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
