// Preloaded into the benchmarked server (NODE_OPTIONS=--import …; Node refuses --cpu-prof there): samples the CPU
// from start to exit through the inspector, like `node --cpu-prof`, and writes CPU_PROFILE_FILE on exit.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";

const file = process.env.CPU_PROFILE_FILE;
if (file) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
  process.on("exit", () => {
    // An in-process inspector session answers synchronously, so this completes before the process ends.
    session.post("Profiler.stop", (error, result) => {
      if (!error) writeFileSync(file, JSON.stringify(result.profile));
    });
  });
}
