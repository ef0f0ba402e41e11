"use client";
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { useEffect, useRef, useState } from "react";
import { useLocale } from "../../_lib/locale";

// Only the pieces a bar chart needs, so the dashboard's bundle stays small (the widget never loads this file).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** The app's palette (app/_components/ui/tokens.css), read when drawing so light and dark both match the page. */
function palette() {
  const style = getComputedStyle(document.documentElement);
  const token = (name: string) => style.getPropertyValue(name).trim();
  return {
    bar: token("--parley-chart-1"),
    text: token("--parley-muted"),
    grid: token("--parley-line"),
    ink: token("--parley-ink"),
    surface: token("--parley-surface"),
  };
}

/** Redraws when the theme switch flips the `dark` class. */
function useThemeVersion() {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const observer = new MutationObserver(() => setVersion((value) => value + 1));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
    return () => observer.disconnect();
  }, []);
  return version;
}

/**
 * Conversations per day as bars; the same numbers are in the table next to it for screen readers. Dates are short and
 * level ("Dec 3", "12月3日"), at most eight on the axis; hovering a bar gives the full date and count.
 */
export function VolumeChart({ perDay, label }: { perDay: { date: string; count: number }[]; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const locale = useLocale();
  const theme = useThemeVersion();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `theme` only says when to redraw in the new colours
  useEffect(() => {
    const colours = palette();
    const short = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" });
    const long = new Intl.DateTimeFormat(locale, { weekday: "short", year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
    const dateOf = (index: number) => new Date(`${perDay[index]?.date ?? ""}T00:00:00Z`);
    const chart = new Chart(canvas.current!, {
      type: "bar",
      data: {
        labels: perDay.map((day) => day.date),
        datasets: [{ label, data: perDay.map((day) => day.count), backgroundColor: colours.bar, borderRadius: 4, maxBarThickness: 28 }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          tooltip: {
            backgroundColor: colours.ink,
            titleColor: colours.surface,
            bodyColor: colours.surface,
            displayColors: false,
            callbacks: {
              title: (items) => long.format(dateOf(items[0]?.dataIndex ?? 0)),
              label: (item) => `${label}: ${item.formattedValue}`,
            },
          },
        },
        scales: {
          x: {
            grid: { display: false },
            ticks: {
              color: colours.text,
              maxRotation: 0,
              autoSkip: true,
              maxTicksLimit: 8,
              callback: (_value, index) => short.format(dateOf(index)),
            },
          },
          y: {
            beginAtZero: true,
            grid: { color: colours.grid },
            border: { display: false },
            ticks: { precision: 0, color: colours.text, maxTicksLimit: 6 },
          },
        },
      },
    });
    return () => chart.destroy();
  }, [perDay, label, locale, theme]);
  return (
    <div className="h-64">
      <canvas ref={canvas} role="img" aria-label={`${label}: ${perDay.map((day) => `${day.date} ${day.count}`).join(", ")}`} />
    </div>
  );
}
