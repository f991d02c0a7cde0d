import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type Plugin } from 'chart.js';
import { useEffect, useRef } from 'react';

/*
 * The one module that imports the charting library (Chart.js, only its bar
 * parts): the reports page loads it lazily, so no other page downloads it.
 */
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export type ChartSeries = { label: string; values: number[] };

export type SalesChartProps = {
  /** Names the chart for screen readers; the table under it carries the same figures. */
  description: string;
  labels: string[];
  series: ChartSeries[];
  /** Bars along the side: long names (items, categories) stay readable. */
  horizontal: boolean;
  money: (cents: number) => string;
};

// The series' colours come from the page's theme (light or dark), read when the chart is drawn.
const SERIES_COLOURS = ['--report-series-1', '--report-series-2'];

/** After every draw, the canvas says how many bars it drew: a check that the chart really ran. */
const countDrawn: Plugin<'bar'> = {
  id: 'platoCountDrawn',
  afterRender: (chart) => {
    chart.canvas.dataset.points = String(chart.getDatasetMeta(0).data.length);
  },
};

export default function SalesChart({ description, labels, series, horizontal, money }: SalesChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const style = getComputedStyle(element);
    const colour = (name: string) => style.getPropertyValue(name).trim();
    const valueAxis = horizontal ? 'x' : 'y';
    // The page's own type, at a size read at arm's length on a tablet.
    Chart.defaults.font.family = style.fontFamily;
    Chart.defaults.font.size = 14;
    const chart = new Chart(element, {
      type: 'bar',
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.values,
          backgroundColor: colour(SERIES_COLOURS[i % SERIES_COLOURS.length]!),
          borderRadius: 4,
          maxBarThickness: 48,
        })),
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        // Figures, not a show: drawn at once (and nothing moves for those who asked for less motion).
        animation: false,
        color: colour('--color-text'),
        scales: {
          [valueAxis]: {
            beginAtZero: true,
            ticks: { color: colour('--color-text-muted'), callback: (value) => money(Number(value)) },
            grid: { color: colour('--color-border') },
          },
          [horizontal ? 'y' : 'x']: {
            ticks: { color: colour('--color-text'), autoSkip: !horizontal },
            grid: { display: false },
          },
        },
        plugins: {
          legend: { display: series.length > 1, labels: { color: colour('--color-text') } },
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label ?? ''}: ${money(Number(item.parsed[valueAxis]))}`,
            },
          },
        },
      },
      plugins: [countDrawn],
    });
    return () => chart.destroy();
  }, [labels, series, horizontal, money]);

  // Long lists of items grow the chart rather than squeezing their bars.
  const height = horizontal ? `max(16rem, ${labels.length * 2.25 + 4}rem)` : '20rem';
  return (
    <div className="reports__chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={description} />
    </div>
  );
}
