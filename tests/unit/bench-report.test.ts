import { describe, expect, it } from 'vitest';
import {
  type BenchReport,
  formatJson,
  formatMarkdown,
  formatTable,
  selectParts,
} from '../../bench/report.ts';

const report: BenchReport = {
  at: '2026-12-02T07:00:00.000Z',
  node: 'v20.20.2',
  machine: { cpus: 2, memoryGb: 24, platform: 'linux x64', loadAverage: [1.5, 1, 0.5] },
  parts: [
    {
      part: 'load',
      title: 'Load phase',
      rows: [
        {
          operation: 'raw DynamoDB PutItem',
          baseline: true,
          latency: { p50: 1.234, p95: 2.5, p99: 3 },
          perSecond: 1500.4,
        },
        {
          operation: 'citizen submission',
          latency: { p50: 100, p95: 200, p99: 300 },
          perSecond: 12.345,
          versus: { baseline: 'raw PutItem', metric: 'ops/s', ratio: 0.0082 },
          awsCalls: { 'dynamodb:GetItem': 9, 's3:POST': 1 },
          values: { acknowledged: 740 },
        },
      ],
      targets: [
        { issue: 8, name: 'duplicated dossiers', target: '0', measured: '0', met: true },
        { issue: 8, name: 'submissions/s ÷ raw PutItem/s', target: '≥ 25 %', measured: '0.82 %', met: false },
      ],
      details: ['reconciliation: 740/740 found'],
    },
    {
      part: 'web',
      title: 'Web',
      rows: [{ operation: 'submission path | gzip', values: { 'KB JS gzip': 72.1 } }],
      targets: [],
    },
  ],
};

describe('bench report', () => {
  it('prints one table with every part’s rows, aligned, then the targets with their verdicts', () => {
    const text = formatTable(report);
    const lines = text.split('\n');
    const header = lines.find((l) => l.startsWith('operation'))!;
    const put = lines.find((l) => l.startsWith('load: raw DynamoDB PutItem'))!;
    const sub = lines.find((l) => l.startsWith('load: citizen submission'))!;
    // Numbers are right-aligned under their column heads.
    expect(put.indexOf('3.00') + 4).toBe(header.indexOf('p99 ms') + 6);
    expect(sub.indexOf('300.00') + 6).toBe(header.indexOf('p99 ms') + 6);
    expect(put).toContain('1500');
    expect(put).toContain('(baseline)');
    expect(sub).toContain('12.3');
    expect(sub).toContain('ops/s 0.0082× raw PutItem');
    expect(sub).toContain('dynamodb:GetItem×9 s3:POST×1');
    expect(sub).toContain('acknowledged 740');
    expect(text).toContain('web: submission path | gzip');
    expect(text).toContain('[met] #8 duplicated dossiers: target 0; measured 0');
    expect(text).toContain('[NOT met] #8 submissions/s ÷ raw PutItem/s: target ≥ 25 %; measured 0.82 %');
    expect(lines[0]).toContain('2 CPUs, 24 GB');
  });

  it('writes the same rows as a Markdown table, escaping pipes, with targets and details', () => {
    const text = formatMarkdown(report);
    expect(text).toContain(
      '| operation | p50 ms | p95 ms | p99 ms | ops/s | vs baseline | AWS calls/op | other |',
    );
    expect(text).toContain('|---|---:|---:|---:|---:|---|---|---|');
    expect(text).toContain('| load: raw DynamoDB PutItem | 1.23 | 2.50 | 3.00 | 1500 | (baseline) |  |  |');
    expect(text).toContain('| web: submission path \\| gzip |');
    expect(text).toContain('| #8 | submissions/s ÷ raw PutItem/s: ≥ 25 % | 0.82 % | NOT met |');
    expect(text).toContain('## Load phase\n\n```\nreconciliation: 740/740 found\n```');
    // Every table row has as many cells as the header.
    const rows = text.split('\n').filter((l) => l.startsWith('| load:') || l.startsWith('| web:'));
    for (const r of rows) expect(r.replaceAll('\\|', '').split('|').length).toBe(10);
  });

  it('writes JSON that reads back to the same report', () => {
    expect(JSON.parse(formatJson(report))).toEqual(report);
  });

  it('runs every part when none is named, the named ones in suite order otherwise', () => {
    const valid = ['intake', 'load', 'dashboard'];
    expect(selectParts([], valid)).toEqual(valid);
    expect(selectParts(['dashboard', 'load'], valid)).toEqual(['load', 'dashboard']);
  });

  it('refuses an unknown part name and lists the valid ones', () => {
    expect(() => selectParts(['lod'], ['intake', 'load'])).toThrow(
      'unknown bench part: lod; valid parts: intake, load',
    );
  });
});
