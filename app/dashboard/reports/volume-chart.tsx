"use client";
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { useEffect, useRef } from "react";

// Only the pieces a bar chart needs, so the dashboard's bundle stays small (the widget never loads this file).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** Conversations per day as bars; the same numbers are in the table next to it for screen readers. */
export function VolumeChart({ perDay, label }: { perDay: { date: string; count: number }[]; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const dark = matchMedia("(prefers-color-scheme: dark)").matches;
    const chart = new Chart(canvas.current!, {
      type: "bar",
      data: { labels: perDay.map((day) => day.date), datasets: [{ label, data: perDay.map((day) => day.count), backgroundColor: "#6366f1" }] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { ticks: { color: dark ? "#cbd5e1" : "#334155" } },
          y: { beginAtZero: true, ticks: { precision: 0, color: dark ? "#cbd5e1" : "#334155" } },
        },
      },
    });
    return () => chart.destroy();
  }, [perDay, label]);
  return (
    <div className="h-64">
      <canvas ref={canvas} role="img" aria-label={`${label}: ${perDay.map((day) => `${day.date} ${day.count}`).join(", ")}`} />
    </div>
  );
}
