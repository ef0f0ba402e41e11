import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { freePort } from "./support/server.ts";

// The container's command (Dockerfile, deploy/compose.yaml, deploy/k8s) is `npm run start:prod`, so npm is PID 1:
// the orchestrator's SIGTERM must reach the server through npm and its shell, or the node is killed without draining.
test("npm run start:prod passes SIGTERM to the server, which drains and exits 0", async () => {
  const port = await freePort();
  const child = spawn("npm", ["run", "start:prod"], {
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: mkdtempSync(join(tmpdir(), "parley-start-prod-")),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += String(chunk)));
  child.stderr!.on("data", (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.status, { timeout: 60_000 }).toBe(200);
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
  expect(output).toContain('"msg":"stopped"');
  // Nothing is left listening: the server itself exited, not only npm.
  await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
});
