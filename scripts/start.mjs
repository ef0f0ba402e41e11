// `npm start`: build when the build is missing or older than the sources, then run the server in production mode.
// With no DATABASE_URL it runs embedded (SQLite under data/, in-process bus), migrates and seeds demo data itself.
//
// Stopping it stops the server: SIGINT, SIGTERM and SIGHUP are passed on to the running child (the build or the
// server) and this process exits with it. npm runs this script through `sh -c`, and the shell dies on npm's SIGTERM
// without passing it on; so when the process that started us goes away, we stop the server as if told to.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildIsCurrent } from "./build-state.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
let child = null;
let stopping = null;

function stop(signal) {
  stopping ??= signal;
  if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
  else if (!child) process.exit(1);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(signal));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop("SIGTERM");
}, 500).unref();

/** Runs one child to its end; resolves with its exit code (1 when a signal ended it). */
function run(args, env = process.env) {
  child = spawn(process.execPath, args, { cwd: root, stdio: "inherit", env });
  if (stopping) child.kill(stopping);
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

if (!buildIsCurrent(root)) {
  console.log("start: building first (the build is missing or older than the sources)…");
  const built = await run([join(root, "scripts/build.mjs")]);
  if (built !== 0 || stopping) process.exit(built || 1);
}
process.exit(await run(["--enable-source-maps", join(root, "dist/server.mjs")], { ...process.env, NODE_ENV: "production" }));
