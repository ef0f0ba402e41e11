import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import mariadb from "mariadb";
import { Redis } from "ioredis";
import { sleep } from "./fault-clients.ts";
import { freePort } from "./server.ts";

/**
 * A Redis and a MariaDB of the test's own, on free ports, so a test can kill and restart them without touching the
 * shared servers other test files use.
 */
type Service = { url: string; crash(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };

async function waitUntil(what: string, ready: () => Promise<unknown>, child: () => ChildProcess | null) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await ready();
      return;
    } catch (error) {
      if (child()?.exitCode !== null && child()?.exitCode !== undefined) throw new Error(`${what} exited during start-up`);
      if (Date.now() > deadline) throw new Error(`${what} not ready in 30 s: ${String(error)}`);
      await sleep(100);
    }
  }
}

function supervise(what: string, launch: () => ChildProcess, ready: () => Promise<unknown>): Omit<Service, "url"> {
  let child: ChildProcess | null = null;
  const crash = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  };
  return {
    async start() {
      child = launch();
      await waitUntil(what, ready, () => child);
    },
    crash,
    stop: crash,
  };
}

export async function startPrivateRedis(): Promise<Service> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const ping = async () => {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.ping();
    } finally {
      client.disconnect();
    }
  };
  const launch = () =>
    spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const service = { url, ...supervise("redis", launch, ping) };
  await service.start();
  return service;
}

export async function startPrivateMariadb(): Promise<Service & { databaseUrl: string }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "parley-mariadb-"));
  const user = userInfo().username;
  const installed = spawnSync(
    "mariadb-install-db",
    ["--no-defaults", `--datadir=${dir}/data`, "--auth-root-authentication-method=normal", "--skip-test-db", `--user=${user}`],
    { encoding: "utf8" },
  );
  if (installed.status !== 0) throw new Error(`mariadb-install-db failed: ${installed.stderr}`);
  const connect = () => mariadb.createConnection({ host: "127.0.0.1", port, user: "root", connectTimeout: 1000 });
  const launch = () =>
    spawn(
      "/usr/sbin/mariadbd",
      [
        "--no-defaults",
        `--datadir=${dir}/data`,
        `--port=${port}`,
        "--bind-address=127.0.0.1",
        `--socket=${dir}/mariadb.sock`,
        `--pid-file=${dir}/mariadb.pid`,
        `--user=${user}`,
        "--skip-log-bin",
        "--innodb-buffer-pool-size=64M",
      ],
      { stdio: "ignore" },
    );
  const service = supervise("mariadb", launch, async () => (await connect()).end());
  await service.start();
  const connection = await connect();
  await connection.query("CREATE DATABASE parley");
  await connection.end();
  return {
    url: `mysql://root@127.0.0.1:${port}`,
    databaseUrl: `mysql://root@127.0.0.1:${port}/parley`,
    ...service,
    async stop() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
