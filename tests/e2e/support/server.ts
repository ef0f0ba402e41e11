import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const demoPassword = "e2e-demo-password";
export const demoEmail = "admin@demo.parley.local";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export type RunningServer = {
  url: string;
  port: number;
  logs: string[];
  stop: () => Promise<number | null>;
  /** kill -9: no drain, no goodbye, as when a machine dies. */
  crash: () => Promise<void>;
};

/**
 * Starts the built app (`node dist/server.mjs`) as its own process on a free port, with only the environment given
 * (never the test runner's DATABASE_URL/REDIS_URL by accident), and waits until /readyz says ready.
 */
export async function startServer(
  env: Record<string, string> = {},
  options: { port?: number; readyTimeoutMs?: number } = {},
): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "parley-e2e-"));
  const child: ChildProcess = spawn(process.execPath, ["--enable-source-maps", "dist/server.mjs"], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: url,
      DATA_DIR: dataDir,
      DEMO_ADMIN_PASSWORD: demoPassword,
      SHUTDOWN_SPREAD_MS: "500",
      NEXT_TELEMETRY_DISABLED: "1",
      // Every browser and load client of a run comes from 127.0.0.1, as thousands of visitors behind one address.
      SESSIONS_PER_IP_PER_MINUTE: "1000000",
      MESSAGES_PER_VISITOR_PER_MINUTE: "1000000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  child.stdout!.on("data", (chunk) => logs.push(String(chunk)));
  child.stderr!.on("data", (chunk) => logs.push(String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited during start-up:\n${logs.join("")}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server not ready in ${readyTimeoutMs / 1000} s:\n${logs.join("")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url,
    port,
    logs,
    /** SIGTERM, as an orchestrator would; resolves with the exit code (null if it had to be killed). */
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const code = await exited;
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
    async crash() {
      child.kill("SIGKILL");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
