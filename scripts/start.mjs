// `npm start`: build when the build is missing or older than the sources, then run the server in production mode.
// With no DATABASE_URL it runs embedded (SQLite under data/, in-process bus), migrates and seeds demo data itself.
import { execFileSync, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildIsCurrent } from "./build-state.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (!buildIsCurrent(root)) {
  console.log("start: building first (the build is missing or older than the sources)…");
  execFileSync(process.execPath, [join(root, "scripts/build.mjs")], { cwd: root, stdio: "inherit" });
}
const server = spawn(process.execPath, ["--enable-source-maps", join(root, "dist/server.mjs")], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
