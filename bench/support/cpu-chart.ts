// Draws server CPU per message against offered rate from bench/results/<name>.json files:
//   node --import tsx bench/support/cpu-chart.ts <name>                 → <name>-cpu.svg (Parley and the relay)
//   node --import tsx bench/support/cpu-chart.ts --compare <out> <a> <b> … → <out>.svg (Parley of each run; rates up
//   to CHART_MAX_RATE, default 1,000: past saturation a step's CPU per row says nothing)
import { readFileSync, writeFileSync } from "node:fs";
import { lineChartSvg } from "./stats.ts";

type Steps = { steps: { rate: number; serverCpuMsPerMessage: number }[] } | null;
const load = (name: string) => JSON.parse(readFileSync(`bench/results/${name}.json`, "utf8")) as { parley: Steps; socketio: Steps };
const points = (steps: Steps) => steps!.steps.map((step) => ({ x: step.rate, y: step.serverCpuMsPerMessage }));
const colors = ["#dc2626", "#f59e0b", "#4f46e5", "#059669", "#6b7280"];
const title = "Server CPU per persisted message (ms) vs offered rate";

if (process.argv[2] === "--compare") {
  const [out, ...names] = process.argv.slice(3);
  const maxRate = Number(process.env.CHART_MAX_RATE ?? 1000);
  const series = names.map((name, i) => ({
    name,
    color: colors[i % colors.length]!,
    points: points(load(name).parley).filter((point) => point.x <= maxRate),
  }));
  writeFileSync(`bench/results/${out}.svg`, lineChartSvg(title, "offered msgs/s", "ms of server CPU per message", series));
} else {
  const name = process.argv[2]!;
  const result = load(name);
  const series = [
    ...(result.parley ? [{ name: "Parley", color: "#4f46e5", points: points(result.parley) }] : []),
    ...(result.socketio ? [{ name: "Socket.IO relay", color: "#dc2626", points: points(result.socketio) }] : []),
  ];
  writeFileSync(`bench/results/${name}-cpu.svg`, lineChartSvg(title, "offered msgs/s", "ms of server CPU per message", series));
}
