import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { type ComponentChildren, h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Charts with Chart.js, with only the controllers and elements used here registered, so the rest
 * of the library is tree-shaken out (measured: no radar, polar-area, bubble, time or logarithmic
 * code in the chunk). Only the statistics pages import this module, and they load on demand, so
 * Chart.js never reaches the citizens' form. It is imported statically on purpose: a nested
 * dynamic import would pull Vite's preload helper out of the first bundle into a chunk of its
 * own (one more request and ≈0.4 KB on every citizen's first load).
 *
 * Every chart is a figure: a title, the canvas as an image with a summary in words
 * (`role="img"` + `aria-label`), and the same numbers in a real table behind a disclosure. Colour
 * is never the only cue: lines differ by dash and point shape too.
 */
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#999933'];
const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3], [1, 2], [8, 8]];
const POINTS = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star'] as const;

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** A heavier line (the centre's total next to each department). */
  emphasis?: boolean;
}

export interface ChartProps {
  id: string;
  kind: 'bar' | 'line';
  title: ComponentChildren;
  /** What the chart shows, in words, for screen readers (the canvas's aria-label). */
  summary: string;
  labels: string[];
  series: ChartSeries[];
  /** Bars along the y axis (long category names such as departments). */
  horizontal?: boolean;
  /** Values are percentages: the axis runs 0–100 and ticks end with %. */
  percent?: boolean;
  /** Formats a value for the tooltip (the page's number format). */
  format?: (v: number) => string;
  /** The data table behind the chart, shown in a disclosure. */
  table: ComponentChildren;
  tableToggle: string;
  failedText: string;
}

function config(p: ChartProps): ChartConfiguration {
  const datasets = p.series.map((s, i) => {
    const colour = s.emphasis ? '#0b0c0c' : PALETTE[i % PALETTE.length]!;
    return p.kind === 'bar'
      ? { label: s.label, data: s.values, backgroundColor: colour, borderColor: colour, borderWidth: 1 }
      : {
          label: s.label,
          data: s.values,
          borderColor: colour,
          backgroundColor: colour,
          borderWidth: s.emphasis ? 4 : 2,
          borderDash: s.emphasis ? [] : (DASHES[i % DASHES.length] ?? []),
          pointStyle: POINTS[i % POINTS.length],
          pointRadius: 4,
          spanGaps: false,
        };
  });
  const valueAxis = {
    beginAtZero: true,
    ...(p.percent ? { max: 100, ticks: { callback: (v: string | number) => `${v}%` } } : {}),
    ...(p.percent ? {} : { ticks: { precision: 0 } }),
  };
  return {
    type: p.kind,
    data: { labels: p.labels, datasets },
    options: {
      // No motion: the figures refresh every minute and nothing should move on its own.
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: p.horizontal ? 'y' : 'x',
      scales: p.horizontal ? { x: valueAxis } : { y: valueAxis },
      plugins: {
        legend: { display: p.series.length > 1, labels: { usePointStyle: p.kind === 'line' } },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const v = ctx.parsed[p.horizontal ? 'x' : 'y'];
              if (v === null || v === undefined) return `${ctx.dataset.label}: —`;
              return `${ctx.dataset.label}: ${p.format ? p.format(v) : v}`;
            },
          },
        },
      },
    },
  } as ChartConfiguration;
}

export function ChartFigure(p: ChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const data = JSON.stringify([p.kind, p.labels, p.series, p.horizontal, p.percent]);

  useEffect(() => {
    if (!canvas.current) return;
    try {
      const cfg = config(p);
      if (chart.current) {
        chart.current.data = cfg.data;
        chart.current.update();
      } else {
        chart.current = new Chart(canvas.current, cfg);
      }
      setFailed(false);
    } catch {
      // No 2D canvas (an old or locked-down browser): the table below has every number.
      setFailed(true);
    }
  }, [data]);

  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = undefined;
    },
    [],
  );

  // Room for each bar of a horizontal chart, so long names stay readable.
  const height = p.horizontal ? Math.max(160, 48 + p.labels.length * 36) : 300;
  return h(
    'figure',
    { class: 'chart', id: p.id, 'aria-labelledby': `${p.id}-title` },
    h('figcaption', { class: 'heading-s chart__title', id: `${p.id}-title` }, p.title),
    failed ? h('p', { class: 'hint' }, p.failedText) : null,
    h(
      'div',
      { class: 'chart__canvas', style: { height: `${height}px` }, hidden: failed },
      h('canvas', { ref: canvas, role: 'img', 'aria-label': p.summary, id: `${p.id}-canvas` }),
    ),
    h(
      'details',
      { class: 'details chart__details' },
      h('summary', { class: 'details__summary' }, p.tableToggle),
      h('div', { class: 'details__text' }, p.table),
    ),
  );
}
