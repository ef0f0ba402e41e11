import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { demoPassword, freePort } from "./support/server.ts";

/** `npm start` (or the script alone) on a free port with an empty data directory; resolves once /readyz answers. */
async function start(command: "npm" | "script") {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "parley-start-e2e-"));
  const [file, args] = command === "npm" ? ["npm", ["start"]] : [process.execPath, ["scripts/start.mjs"]];
  const child: ChildProcess = spawn(file, args as string[], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DEMO_ADMIN_PASSWORD: demoPassword,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: "ignore",
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}/readyz`;
  await expect
    .poll(
      () =>
        fetch(url).then(
          (response) => response.status,
          () => 0,
        ),
      { timeout: 60_000 },
    )
    .toBe(200);
  return { child, url, exited, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

const portFreed = (url: string) =>
  expect
    .poll(
      () =>
        fetch(url).then(
          () => "listening",
          () => "free",
        ),
      { timeout: 20_000 },
    )
    .toBe("free");

test("stopping `npm start` stops the server it started: the port is freed", async () => {
  const started = await start("npm");
  // npm runs the script through `sh -c`, which does not pass npm's SIGTERM on; the script notices and stops the server.
  started.child.kill("SIGTERM");
  await portFreed(started.url);
  started.cleanup();
});

test("the start script passes SIGTERM on to the server and exits with it", async () => {
  const started = await start("script");
  started.child.kill("SIGTERM");
  await portFreed(started.url);
  expect(await started.exited).toBe(0);
  started.cleanup();
});
