import cluster from "node:cluster";
import { superviseWorkers } from "./cluster.ts";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { createLogger, processLog } from "./log.ts";
import { nodeLabel } from "./metrics/serve.ts";
import { startNode } from "./node.ts";
import { prepareDatabase } from "./prepare.ts";

/** Process entry. WORKERS=1 (default): serve here, preparing the database first. WORKERS=N: prepare once, fork N servers. */
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
  if (cluster.isPrimary && config.workers > 1) {
    await prepareDatabase(config, log);
    return superviseWorkers(config, log);
  }
  // One process: it listens before migrating, so clients coming back wait in the reconnect wait meanwhile.
  await startNode(config, log, startedAt, cluster.isPrimary ? () => prepareDatabase(config, log) : undefined);
}

main().catch((error) => {
  processLog.error(`parley: start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
