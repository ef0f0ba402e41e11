import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./server.ts";

export const nginxBinary = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((path) => existsSync(path));

/** Runs deploy/nginx.conf itself, with only its listen port, upstream servers and pid file rewritten. */
export async function startNginx(upstreamPorts: number[]) {
  if (!nginxBinary) throw new Error("nginx is not installed (apt-get install nginx-light)");
  const port = await freePort();
  const prefix = mkdtempSync(join(tmpdir(), "parley-nginx-"));
  const shipped = readFileSync("deploy/nginx.conf", "utf8");
  const upstreams = upstreamPorts.map((upstream) => `    server 127.0.0.1:${upstream} max_fails=1 fail_timeout=5s;`).join("\n");
  const config = shipped
    .replace(/^ {4}server 127\.0\.0\.1:\d+ .*\n(?: {4}server 127\.0\.0\.1:\d+ .*\n)*/m, `${upstreams}\n`)
    .replace("listen 8080;", `listen 127.0.0.1:${port};`)
    .replace("pid /run/parley-nginx.pid;", `pid ${join(prefix, "nginx.pid")};`)
    .replace("events {", `events {\n  # test run: temp files under ${prefix}`)
    .replace("http {", `http {\n  client_body_temp_path ${prefix}/body;\n  proxy_temp_path ${prefix}/proxy;`);
  if (!config.includes(`127.0.0.1:${upstreamPorts[0]}`)) throw new Error("deploy/nginx.conf no longer has the upstream block this test rewrites");
  const file = join(prefix, "nginx.conf");
  writeFileSync(file, config);
  const child = spawn(nginxBinary, ["-p", prefix, "-c", file, "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  const errors: string[] = [];
  child.stderr!.on("data", (chunk) => errors.push(String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${errors.join("")}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 100) throw new Error(`nginx did not come up: ${errors.join("")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async stop() {
      // SIGTERM, not SIGQUIT: a graceful nginx waits for every open WebSocket to close.
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
