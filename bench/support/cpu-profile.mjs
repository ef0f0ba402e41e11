// Preloaded into the benchmarked server (NODE_OPTIONS=--import …; Node refuses --cpu-prof there): samples the CPU
// from start to exit through the inspector, like `node --cpu-prof`, and writes CPU_PROFILE_FILE on exit — or on
// SIGUSR2, which the bench sends before it stops the server: a node slow to drain under load is killed before its
// exit handlers run, and its profile would be lost.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";

const file = process.env.CPU_PROFILE_FILE;
if (file) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // An in-process inspector session answers synchronously, so this completes before the process ends.
    session.post("Profiler.stop", (error, result) => {
      if (!error) writeFileSync(file, JSON.stringify(result.profile));
    });
  };
  process.on("exit", write);
  process.on("SIGUSR2", write);
}
