import { benchBundles, TARGET_BUNDLED_RATIO, TARGET_IMPORT_MS, TARGET_KB } from './bundles.ts';
import { benchCalendar } from './calendar.ts';
import { benchDashboard } from './dashboard.ts';
import { benchInbox } from './inbox.ts';
import { benchIntake } from './intake.ts';
import { benchLoad } from './load.ts';
import { registrationBench } from './registration.ts';
import type { PartReport, ReportRow } from './report.ts';
import { benchSession } from './session.ts';
import { benchWeb, TARGET_KB as WEB_TARGET_KB } from './web.ts';
import { CLS_TARGET as WEB_CLS_TARGET, LCP_TARGET_MS as WEB_LCP_TARGET_MS } from './web-vitals.ts';
import { benchWorkflow } from './workflow.ts';

/**
 * Every part of `npm run bench`, in the order they run, each turned into rows of the common
 * report (bench/report.ts). `npm run bench -- load dashboard` runs only those.
 */
export const PARTS: Record<string, () => Promise<PartReport>> = {
  intake: benchIntake,
  load: benchLoad,
  session: benchSession,
  workflow: async () => {
    const { lines, json } = await benchWorkflow();
    const [onTime, eventful] = json.results;
    return {
      part: 'workflow',
      title: 'Workflow: state transitions and cost per 1,000 dossiers',
      rows: json.results.map(
        (r): ReportRow => ({
          operation: `scenario: ${r.scenario}`,
          awsCalls: {
            'api requests': r.apiRequests,
            'task invocations': r.taskInvocations,
            'dynamodb reads': r.dynamo.reads,
            'dynamodb writes': r.dynamo.writes,
            's3 puts': r.s3.puts,
            emails: r.emails,
          },
          values: { transitions: r.transitions, 'USD/1,000 dossiers': r.costPer1000.toFixed(3) },
        }),
      ),
      targets: [
        {
          issue: 3,
          name: 'state transitions, on time, single department',
          target: '≤ 20',
          measured: String(onTime?.transitions),
          met: (onTime?.transitions ?? Infinity) <= 20,
        },
        {
          issue: 3,
          name: 'state transitions, reminder + supplement + escalation',
          target: '≤ 40',
          measured: String(eventful?.transitions),
          met: (eventful?.transitions ?? Infinity) <= 40,
        },
      ],
      details: lines,
      data: json,
    };
  },
  inbox: async () => {
    const { lines, json } = await benchInbox();
    return {
      part: 'inbox',
      title: 'Department inbox',
      rows: [
        {
          operation: 'raw Query of the inbox index',
          baseline: true,
          latency: json.baseline,
          perSecond: json.baseline.perSecond,
        },
        {
          operation: `GET /staff/inbox (${json.dossiers.toLocaleString('en')} dossiers)`,
          latency: json.inbox,
          perSecond: json.inbox.perSecond,
          versus: { baseline: 'raw Query', metric: 'p99', ratio: json.ratio },
          awsCalls: { dynamodb: json.callsPerPage },
        },
      ],
      targets: [
        {
          issue: 4,
          name: 'inbox p99 vs raw Query p99',
          target: '≤ 3×',
          measured: `${json.ratio.toFixed(2)}×`,
          met: json.ratio <= 3,
        },
        {
          issue: 4,
          name: 'DynamoDB calls per inbox page',
          target: '1',
          measured: String(json.callsPerPage),
          met: json.callsPerPage === 1,
        },
      ],
      details: lines,
      data: json,
    };
  },
  dashboard: async () => {
    const { lines, json } = await benchDashboard();
    return {
      part: 'dashboard',
      title: 'Leadership dashboard',
      rows: [
        {
          operation: 'raw Query of a year of monthly counters',
          baseline: true,
          latency: json.baseline,
          perSecond: json.baseline.perSecond,
        },
        {
          operation: `GET /staff/statistics (year, ${json.dossiers.toLocaleString('en')} dossiers)`,
          latency: json.dashboard,
          perSecond: json.dashboard.perSecond,
          versus: { baseline: 'raw Query', metric: 'p99', ratio: json.dashboard.p99 / json.baseline.p99 },
          awsCalls: { dynamodb: json.callsPerView },
        },
        {
          operation: 'GET /statistics (public, year)',
          latency: json.publicPage,
          perSecond: json.publicPage.perSecond,
          versus: { baseline: 'raw Query', metric: 'p99', ratio: json.publicPage.p99 / json.baseline.p99 },
        },
      ],
      targets: [
        {
          issue: 7,
          name: 'DynamoDB calls per dashboard view (statistics reads; the session check apart)',
          target: '≤ 3',
          measured: `${json.callsPerView} (+ ${json.sessionChecks.toFixed(3)} session checks)`,
          met: json.callsPerView <= 3,
        },
      ],
      details: lines,
      data: json,
    };
  },
  registration: async () => {
    const { lines, json } = await registrationBench();
    return {
      part: 'registration',
      title: 'Registration at the counter (ticket call → printed receipt)',
      rows: [
        {
          operation: `raw DynamoDB round trips (${json.target} GetItem/PutItem)`,
          baseline: true,
          latency: json.baseline,
        },
        {
          operation: 'registration path, API time (gateway, JWT, handlers)',
          latency: json.apiTime,
          versus: { baseline: 'raw round trips', metric: 'p99', ratio: json.ratio },
          awsCalls: {
            'api calls': json.apiCallsPerRegistration,
            dynamodb: json.dynamodbCallsPerRegistration,
            s3: json.s3CallsPerRegistration,
          },
        },
        {
          operation: 'registration path, whole (incl. waiting for the workflow)',
          latency: json.registration,
          perSecond: json.registration.perSecond,
        },
      ],
      targets: [
        {
          issue: 9,
          name: 'API calls from ticket call to printed receipt',
          target: `≤ ${json.target}`,
          measured: String(json.apiCallsPerRegistration),
          met: json.met,
        },
      ],
      details: lines,
      data: json,
    };
  },
  calendar: async () => {
    const { lines, json } = await benchCalendar();
    const ns = json.nsPerOp;
    const row = (operation: string, n: number, baseline = false): ReportRow => ({
      operation,
      ...(baseline ? { baseline } : {}),
      perSecond: 1e9 / n,
      values: { 'ns/op': n.toFixed(1) },
    });
    return {
      part: 'calendar',
      title: 'Working-day calendar',
      rows: [
        row('naiveAddWorkingDays (day-by-day loop)', ns.naiveAddWorkingDays, true),
        {
          ...row('addWorkingDays (prefix counts)', ns.addWorkingDays),
          versus: { baseline: 'day-by-day loop', metric: 'ops/s', ratio: json.speedUp },
        },
        row('dueDate (cut-off + Civil Code art. 147)', ns.dueDate),
        row('integer day-number loop (context)', ns.integerDayLoop),
      ],
      targets: [
        {
          issue: 3,
          name: 'calendar speed-up vs the day-by-day loop',
          target: `≥ ${json.target}×`,
          measured: `${json.speedUp.toFixed(1)}×`,
          met: json.targetMet,
        },
      ],
      details: lines,
      data: json,
    };
  },
  bundles: async () => {
    const { lines, json } = await benchBundles();
    const sizeOver = json.results.filter((r) => !r.meetsSize);
    const importOver = json.results.filter((r) => !r.meetsImport);
    const cpuOver = json.results.filter((r) => !r.meetsImportCpu);
    const largest = [...json.results].sort((a, b) => b.bytes - a.bytes)[0];
    return {
      part: 'bundles',
      title: 'Lambda bundles: size and cold import',
      rows: [
        ...json.baselines.map(
          (b): ReportRow => ({
            operation: `cold import of an empty module (${b.node})`,
            baseline: true,
            values: { 'import ms': b.emptyMs.toFixed(1) },
          }),
        ),
        ...json.results.map(
          (r): ReportRow => ({
            operation: `bundle ${r.functions.join(' + ')}`.slice(0, 90),
            values: {
              KB: (r.bytes / 1024).toFixed(1),
              'KB read at a cold start': (r.coldBytes / 1024).toFixed(1),
              ...Object.fromEntries(
                r.imports.flatMap((t) => [
                  [`import ms (${t.node})`, t.ms.toFixed(1)],
                  [`import CPU ms (${t.node})`, t.cpuMs.toFixed(1)],
                  [`Δ empty (${t.node})`, t.aboveEmpty.toFixed(1)],
                  [`Δ SDK (${t.node})`, t.aboveSdk.toFixed(1)],
                  [`Δ SDK CPU (${t.node})`, t.aboveSdkCpu.toFixed(1)],
                  [`SDK external ms (${t.node})`, t.externalMs.toFixed(1)],
                  [`SDK external CPU ms (${t.node})`, t.externalCpuMs.toFixed(1)],
                ]),
              ),
            },
          }),
        ),
      ],
      targets: [
        ...json.means.map((m) => ({
          issue: 21,
          name: `mean cold import, SDK bundled ÷ SDK external (${m.node})`,
          target: `≤ ${TARGET_BUNDLED_RATIO}`,
          measured: `${m.ratio.toFixed(2)} (${m.bundled.toFixed(0)} ÷ ${m.external.toFixed(0)} ms); CPU time ${m.ratioCpu.toFixed(2)} (${m.bundledCpu.toFixed(0)} ÷ ${m.externalCpu.toFixed(0)} ms)`,
          met: m.ratio <= TARGET_BUNDLED_RATIO,
        })),
        {
          issue: 21,
          name: 'bundle size per function',
          target: `≤ ${TARGET_KB} KB`,
          measured: `${json.results.length - sizeOver.length} of ${json.results.length} within; largest ${largest ? `${(largest.bytes / 1024).toFixed(0)} KB (${largest.functions[0]})` : '-'}`,
          met: sizeOver.length === 0,
        },
        {
          issue: 21,
          name: 'cold import above the SDK-only module (built the same way)',
          target: `≤ ${TARGET_IMPORT_MS} ms`,
          measured: `${json.results.length - importOver.length} of ${json.results.length} within (wall); ${json.results.length - cpuOver.length} of ${json.results.length} by CPU time`,
          met: importOver.length === 0,
        },
      ],
      details: lines,
      data: json,
    };
  },
  web: async () => {
    const { lines, json } = await benchWeb();
    return {
      part: 'web',
      title: 'Citizen web form bundle',
      rows: [
        ...Object.entries(json.gzipKb).map(
          (entry): ReportRow => ({ operation: `page: ${entry[0]}`, values: { 'KB JS gzip': entry[1] } }),
        ),
        { operation: 'stylesheet (every page)', values: { 'KB CSS gzip': json.cssKb } },
        { operation: 'all JavaScript chunks', values: { 'KB JS gzip': json.allJsKb } },
        {
          operation: 'submission path (search → form → receipt)',
          values: { 'KB JS gzip': json.submissionPathKb },
        },
        ...json.vitals.map(
          (v): ReportRow => ({
            operation: `phone, slow 4G: ${v.name}`,
            values: { 'LCP ms': v.lcpMs, CLS: v.cls },
          }),
        ),
      ],
      targets: [
        {
          issue: 5,
          name: 'gzipped JavaScript of the submission path',
          target: `≤ ${WEB_TARGET_KB} KB`,
          measured: `${json.submissionPathKb} KB`,
          met: json.met,
        },
        {
          issue: 17,
          name: 'citizen pages on a phone: LCP and CLS',
          target: `LCP ≤ ${WEB_LCP_TARGET_MS / 1000} s, CLS < ${WEB_CLS_TARGET}`,
          measured: `LCP ≤ ${Math.max(...json.vitals.map((v) => v.lcpMs)) / 1000} s, CLS ≤ ${Math.max(...json.vitals.map((v) => v.cls))}`,
          met: json.vitalsMet,
        },
      ],
      details: lines,
      data: json,
    };
  },
};
