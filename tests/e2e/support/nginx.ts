import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./server.ts";

export const nginxBinary = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((path) => existsSync(path));

/** A self-signed certificate for 127.0.0.1, made with openssl for this run (valid one day). */
export function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, "fullchain.pem");
  const key = join(dir, "privkey.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-keyout",
      key,
      "-out",
      cert,
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ],
    { stdio: "ignore" },
  );
  return { cert, key };
}

/**
 * Runs deploy/nginx.conf itself, with only its listen ports, upstream servers, pid file and certificate paths
 * rewritten: `url` is its plain server, `httpsUrl` its TLS server (with a certificate made for the run).
 */
export async function startNginx(upstreamPorts: number[]) {
  if (!nginxBinary) throw new Error("nginx is not installed (apt-get install nginx-light)");
  const port = await freePort();
  const tlsPort = await freePort();
  const prefix = mkdtempSync(join(tmpdir(), "parley-nginx-"));
  const certificate = selfSignedCertificate(prefix);
  const shipped = readFileSync("deploy/nginx.conf", "utf8");
  const upstreams = upstreamPorts.map((upstream) => `    server 127.0.0.1:${upstream} max_fails=1 fail_timeout=5s;`).join("\n");
  const config = shipped
    .replace(/^ {4}server 127\.0\.0\.1:\d+ .*\n(?: {4}server 127\.0\.0\.1:\d+ .*\n)*/m, `${upstreams}\n`)
    .replace("listen 8080;", `listen 127.0.0.1:${port};`)
    .replace("listen 8443 ssl http2;", `listen 127.0.0.1:${tlsPort} ssl http2;`)
    .replace("ssl_certificate /etc/parley/tls/fullchain.pem;", `ssl_certificate ${certificate.cert};`)
    .replace("ssl_certificate_key /etc/parley/tls/privkey.pem;", `ssl_certificate_key ${certificate.key};`)
    .replace("pid /run/parley-nginx.pid;", `pid ${join(prefix, "nginx.pid")};`)
    .replace("events {", `events {\n  # test run: temp files under ${prefix}`)
    .replace("http {", `http {\n  client_body_temp_path ${prefix}/body;\n  proxy_temp_path ${prefix}/proxy;`);
  if (!config.includes(`127.0.0.1:${upstreamPorts[0]}`))
    throw new Error("deploy/nginx.conf no longer has the upstream block this test rewrites");
  if (!config.includes(`127.0.0.1:${tlsPort} ssl`) || !config.includes(certificate.key)) {
    throw new Error("deploy/nginx.conf no longer has the TLS server (listen 8443 ssl http2, /etc/parley/tls/…) this test rewrites");
  }
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
    httpsUrl: `https://127.0.0.1:${tlsPort}`,
    tlsPort,
    certificate,
    async stop() {
      // SIGTERM, not SIGQUIT: a graceful nginx waits for every open WebSocket to close.
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
