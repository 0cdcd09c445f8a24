import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp, REPO_ROOT, type Resource } from './support.ts';

/**
 * Alarms that can fire: every alarm of every stack watches a metric that AWS publishes for a
 * service the app uses, or one that the application's code emits (Embedded Metric Format in
 * shared/ or functions/). An alarm on a metric nobody emits stays OK forever.
 */
const { t } = buildApp('dev');

type Metric = { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: unknown }[] };
const alarms = Object.entries(t).flatMap(([stack, tpl]) =>
  Object.entries(tpl.findResources('AWS::CloudWatch::Alarm')).map(
    ([id, r]) => [`${stack}/${id}`, r as Resource] as const,
  ),
);
const metricsOf = (a: Resource): Metric[] => {
  const p = a.Properties as { Namespace?: string; MetricName?: string; Dimensions?: Metric['Dimensions'] } & {
    Metrics?: { MetricStat?: { Metric: Metric } }[];
  };
  if (p.MetricName)
    return [{ Namespace: p.Namespace!, MetricName: p.MetricName, Dimensions: p.Dimensions ?? [] }];
  return (p.Metrics ?? []).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));
};

/** AWS namespaces of the services the app deploys (their metrics exist as soon as the resource does). */
const AWS_NAMESPACES = [
  'AWS/ApiGateway',
  'AWS/Lambda',
  'AWS/States',
  'AWS/DynamoDB',
  'AWS/SES',
  'AWS/SQS',
  'AWS/Scheduler',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Metric names the application code emits: inline EMF blocks and emitMetric(...) calls. */
function emittedMetrics(): Set<string> {
  const names = new Set<string>();
  for (const file of [
    ...sourceFiles(path.join(REPO_ROOT, 'shared')),
    ...sourceFiles(path.join(REPO_ROOT, 'functions')),
  ]) {
    const src = readFileSync(file, 'utf8');
    if (!src.includes('CloudWatchMetrics') && !src.includes('emitMetric(')) continue;
    for (const m of src.matchAll(/Metrics: \[\{ Name: '(\w+)'/g)) names.add(m[1]!);
    for (const m of src.matchAll(/emitMetric\(\s*(?:'(\w+)'|(\w+))/g)) {
      if (m[1]) names.add(m[1]);
      else {
        const constant = new RegExp(`const ${m[2]} = '(\\w+)'`).exec(src)?.[1];
        if (constant) names.add(constant);
      }
    }
  }
  return names;
}

describe('alarms that can fire', () => {
  const emitted = emittedMetrics();

  it('finds the metrics the code emits (the scan itself works)', () => {
    expect([...emitted]).toEqual(
      expect.arrayContaining(['OverdueDossiers', 'NotificationFailures', 'DossierWorkflowFailures']),
    );
  });

  it("watches, in every alarm, a metric of an AWS service the app uses or one the app's code emits", () => {
    expect(alarms.length).toBeGreaterThan(0);
    const silent: string[] = [];
    for (const [id, a] of alarms) {
      const metrics = metricsOf(a);
      if (metrics.length === 0) silent.push(`${id}: no metric`);
      for (const m of metrics) {
        if (m.Namespace === 'Motcua') {
          if (!emitted.has(m.MetricName)) silent.push(`${id}: Motcua/${m.MetricName} is emitted by no code`);
        } else if (!AWS_NAMESPACES.includes(m.Namespace)) {
          silent.push(`${id}: ${m.Namespace}/${m.MetricName} is not a metric of a service the app uses`);
        }
      }
    }
    expect(silent).toEqual([]);
  });

  it('sends every alarm to the operators', () => {
    for (const [id, a] of alarms)
      expect((a.Properties.AlarmActions as unknown[]) ?? [], id).not.toHaveLength(0);
  });

  it("publishes the SES configuration set's events as the CloudWatch metrics its rate alarms divide", () => {
    const destinations = Object.values(
      t.notifications.findResources('AWS::SES::ConfigurationSetEventDestination'),
    ) as Resource[];
    const cw = destinations.map((d) => d.Properties.EventDestination as Record<string, unknown>);
    const events = cw.flatMap((d) => (d.CloudWatchDestination ? (d.MatchingEventTypes as string[]) : []));
    expect(events).toEqual(expect.arrayContaining(['send', 'bounce', 'complaint', 'reject']));
    const sesAlarmDims = alarms
      .flatMap(([, a]) => metricsOf(a))
      .filter((m) => m.Namespace === 'AWS/SES' && (m.Dimensions ?? []).length > 0)
      .flatMap((m) => m.Dimensions!.map((d) => d.Name));
    expect(new Set(sesAlarmDims)).toEqual(new Set(['ses:configuration-set']));
  });

  it.each([
    ['MainTableThrottlesAlarm', 'ReadThrottleEvents'],
    ['MainTableSystemErrorsAlarm', 'SystemErrors'],
    ['IdempotencyTableThrottlesAlarm', 'WriteThrottleEvents'],
    ['TransactionConflictsAlarm', 'TransactionConflict'],
    ['SesSetBounceRateAlarm', 'Bounce'],
    ['SesSetComplaintRateAlarm', 'Complaint'],
    ['NotificationFailuresAlarm', 'NotificationFailures'],
    ['OverdueDossiersAlarm', 'OverdueDossiers'],
    ['ScheduledJobFailuresAlarm', 'TargetErrorCount'],
  ])('has %s watching %s', (name, metric) => {
    const found = alarms.filter(([id]) => id.startsWith(`monitoring/${name}`));
    expect(found, name).toHaveLength(1);
    expect(metricsOf(found[0]![1]).map((m) => m.MetricName)).toContain(metric);
  });
});
