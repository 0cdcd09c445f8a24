import { nowMs } from './clock.ts';

/** The CloudWatch namespace of every metric the application emits. */
export const METRIC_NAMESPACE = 'Motcua';

/** One EMF document. */
export type MetricLine = Record<string, unknown> & { _aws: { Timestamp: number } };

let sink: ((line: MetricLine) => void) | undefined;

/**
 * Where metric lines go instead of stdout: the local stack keeps them in memory (its stand-in for
 * CloudWatch, readable by tests); undefined restores stdout (Lambda: CloudWatch Logs).
 */
export function setMetricSink(fn: ((line: MetricLine) => void) | undefined): void {
  sink = fn;
}

/**
 * Emits one CloudWatch metric value as an Embedded Metric Format line on stdout (CloudWatch Logs
 * turns it into the metric `Motcua/<name>`: no PutMetricData call, no grant). Written directly, not
 * through the logger, so that the metric never depends on the log level (as Powertools Metrics
 * does). `dimensions` become the metric's dimensions; none gives the metric without dimensions.
 * Values and identifiers of units only: never personal data.
 */
export function emitMetric(
  name: string,
  value: number,
  opts: { unit?: 'Count' | 'None'; dimensions?: Record<string, string> } = {},
): void {
  const dimensions = opts.dimensions ?? {};
  const line = {
    _aws: {
      Timestamp: nowMs(),
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [Object.keys(dimensions)],
          Metrics: [{ Name: name, Unit: opts.unit ?? 'Count' }],
        },
      ],
    },
    ...dimensions,
    [name]: value,
  };
  if (sink) sink(line);
  else process.stdout.write(`${JSON.stringify(line)}\n`);
}
