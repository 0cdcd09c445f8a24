import type * as ExcelJSModule from 'exceljs';
import excelJsUrl from 'exceljs/dist/exceljs.min.js?url';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { WEB_ROUTES, webPath } from '../../../../shared/contracts/web-routes.ts';
import { m } from '../../i18n/index.ts';
import { statsMessages } from '../../i18n/statistics.ts';
import { formatDateTime } from '../../lib/format.ts';
import { saveBlob } from '../../lib/print-pdf.ts';
import {
  type CellValue,
  daysOverdue,
  periodLabel,
  reportFileName,
  reportTable,
  toCsv,
  toWorkbook,
} from '../../lib/report.ts';
import type { Location } from '../../lib/router.ts';
import {
  downloadStaffPdf,
  listDepartmentStaff,
  staffProblemText,
  staffRequest,
} from '../../lib/staff-api.ts';
import type { StaffSession } from '../../lib/staff-session.ts';
import { Button, Notification, PageHeading, Spinner, useTitle } from '../../ui/components.ts';
import { DueDate, useStaffSession } from '../../ui/staff.ts';
import {
  DataTable,
  DepartmentChart,
  FigureTables,
  HeadlineFigures,
  type Names,
  queryOf,
  StatisticsFilters,
  type StatsQuery,
  type StatsView,
  searchOf,
  TrendChart,
  UpdateNotice,
  useLiveStatistics,
  useNames,
  VolumeChart,
} from '../statistics/view.ts';

/**
 * /can-bo/thong-ke — the leadership dashboard (department heads: their own department; the
 * centre's leaders and administrators: every department): the published figures and charts from
 * GET /staff/statistics, the steps overdue now across departments with who holds each one (each
 * row opens the dossier), and the periodic report for the chosen period as CSV or XLSX.
 */
export const DASHBOARD_PATH = WEB_ROUTES.staffDashboard;
export const DASHBOARD_ROLES = ['DEPARTMENT_HEAD', 'CENTRE_LEADER', 'ADMINISTRATOR'];

type OverdueStep = NonNullable<StatsView['overdue']>[number];

const loadStaff = (q: StatsQuery) => {
  const s = searchOf(q);
  return staffRequest<StatsView>('GET', `/staff/statistics${s ? `?${s}` : ''}`);
};

export function StaffDashboardPage({ loc }: { loc: Location }) {
  const session = useStaffSession(loc);
  if (!session) return h(Spinner, null);
  if (!session.principal.roles.some((r) => DASHBOARD_ROLES.includes(r)))
    return h(
      'div',
      null,
      h(PageHeading, { caption: m().staff.area }, statsMessages().dashboardTitle),
      h(Notification, { kind: 'error' }, m().staff.errors.forbidden),
    );
  return h(Dashboard, { loc, session });
}

function Dashboard({ loc, session }: { loc: Location; session: StaffSession }) {
  const t = statsMessages();
  const fixedDepartment = session.principal.departmentId;
  const query = queryOf(loc);
  if (fixedDepartment) delete query.department;
  const names = useNames();
  const { view, error, loaded } = useLiveStatistics(loadStaff, query);
  useTitle(t.dashboardTitle);
  return h(
    'div',
    { class: 'stats-dashboard' },
    h(PageHeading, { caption: m().staff.area }, t.dashboardTitle),
    h('p', { class: 'lead' }, t.dashboardLead),
    fixedDepartment ? h('p', { class: 'body' }, t.ownDepartment(names.department(fixedDepartment))) : null,
    !loaded ? h(Spinner, null) : null,
    loaded && !view && error ? h(Notification, { kind: 'error' }, staffProblemText(error)) : null,
    view
      ? [
          h(StatisticsFilters, {
            key: 'f',
            basePath: DASHBOARD_PATH,
            query,
            view,
            names,
            ...(fixedDepartment ? { fixedDepartment } : {}),
          }),
          h(UpdateNotice, { key: 'u', view, error }),
          h(HeadlineFigures, { key: 'h', totals: view.totals }),
          h(OverdueList, { key: 'o', view, names }),
          h(
            'div',
            { key: 'c', class: 'stats-charts' },
            h(DepartmentChart, { view, names }),
            h(TrendChart, { view, names }),
            h(VolumeChart, { view }),
          ),
          h(ReportExport, { key: 'x', view, names }),
          h(FigureTables, { key: 't', view, names }),
        ]
      : null,
  );
}

/** Staff names by user id, for the departments holding overdue steps (best effort: else the id). */
function useHandlerNames(overdue: OverdueStep[]) {
  const [known, setKnown] = useState<Record<string, string>>({});
  const departments = [...new Set(overdue.filter((o) => o.handler).map((o) => o.departmentId))]
    .sort()
    .join(',');
  useEffect(() => {
    if (!departments) return;
    let live = true;
    Promise.all(departments.split(',').map((d) => listDepartmentStaff(d).catch(() => [])))
      .then((lists) => {
        if (!live) return;
        const next: Record<string, string> = {};
        for (const s of lists.flat()) next[s.userId] = s.name;
        setKnown(next);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [departments]);
  return known;
}

function OverdueList({ view, names }: { view: StatsView; names: Names }) {
  const t = statsMessages();
  const c = t.overdueColumns;
  const overdue = view.overdue ?? [];
  const staffNames = useHandlerNames(overdue);
  return h(
    'section',
    { 'aria-labelledby': 'stats-overdue-title' },
    h('h2', { class: 'heading-m', id: 'stats-overdue-title' }, t.overdueTitle),
    h('p', { class: 'body' }, t.overdueCount(overdue.length)),
    overdue.length
      ? h(DataTable, {
          id: 'stats-overdue-table',
          caption: t.overdueCaption,
          head: [c.code, c.procedure, c.department, c.handler, c.dueDate, c.daysOverdue],
          numericFrom: 5,
          rows: overdue.map((o) => ({
            key: `${o.dossierId}-${o.stepId}`,
            className: 'row--overdue',
            header: h('a', { href: webPath('staffDossier', { id: o.dossierId }) }, o.code ?? o.dossierId),
            cells: [
              h('span', { lang: 'vi' }, o.procedureName),
              names.department(o.departmentId),
              o.handler
                ? staffNames[o.handler]
                  ? [staffNames[o.handler], h('span', { class: 'hint', key: 'id' }, ` (${o.handler})`)]
                  : o.handler
                : h('em', null, t.unassigned),
              h(DueDate, { date: o.dueDate, overdue: true }),
              t.days(daysOverdue(o.dueAt, view.asOf)),
            ],
          })),
        })
      : null,
  );
}

let excelJs: Promise<typeof ExcelJSModule> | undefined;

/**
 * ExcelJS (≈250 KB gzipped), fetched only when someone asks for the XLSX file: its browser build
 * as a same-origin script (CSP `script-src 'self'` allows it) that defines `window.ExcelJS`. A
 * script rather than `import()`, so the page needs no preload helper and the citizens' first
 * bundle stays as it was.
 */
function loadExcelJs(): Promise<typeof ExcelJSModule> {
  excelJs ??= new Promise<typeof ExcelJSModule>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = excelJsUrl;
    script.async = true;
    script.onload = () => {
      const lib = (window as unknown as { ExcelJS?: typeof ExcelJSModule }).ExcelJS;
      if (lib) resolve(lib);
      else reject(new Error('ExcelJS did not load'));
    };
    script.onerror = () => reject(new Error('ExcelJS did not load'));
    document.head.append(script);
  });
  excelJs.catch(() => {
    excelJs = undefined;
  });
  return excelJs;
}

/** The periodic report of the period shown, as CSV (UTF-8 with BOM) or XLSX (ExcelJS, fetched on click). */
function ReportExport({ view, names }: { view: StatsView; names: Names }) {
  const t = statsMessages();
  const [busy, setBusy] = useState<'csv' | 'xlsx' | 'register' | undefined>(undefined);
  // The register (form 06) of the last month of the period: the API serves up to 92 days.
  const registerMonth = view.period.to;
  const [ry, rm] = registerMonth.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(ry, rm, 0)).getUTCDate();
  const registerLabel = `${String(rm).padStart(2, '0')}/${ry}`;
  const register = async () => {
    setBusy('register');
    setMessage(undefined);
    const fileName = `so-theo-doi-ho-so_${registerMonth}.csv`;
    const q = new URLSearchParams({
      from: `${registerMonth}-01`,
      to: `${registerMonth}-${String(lastDay).padStart(2, '0')}`,
      format: 'csv',
      ...(view.filter.department ? { department: view.filter.department } : {}),
    });
    try {
      await downloadStaffPdf(`/staff/reports/register?${q}`, fileName);
      setMessage({ kind: 'success', text: t.exported(fileName) });
    } catch {
      setMessage({ kind: 'error', text: t.exportFailed });
    } finally {
      setBusy(undefined);
    }
  };
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | undefined>(undefined);
  const table = (): CellValue[][] =>
    reportTable(view, { department: names.departmentVi, procedure: names.procedure });
  const run = async (kind: 'csv' | 'xlsx') => {
    setBusy(kind);
    setMessage(undefined);
    const fileName = reportFileName(view.period, kind);
    try {
      if (kind === 'csv') {
        saveBlob(new Blob([toCsv(table())], { type: 'text/csv;charset=utf-8' }), fileName);
      } else {
        const ExcelJS = await loadExcelJs();
        const wb = toWorkbook(
          table(),
          {
            period: view.period,
            asOf: formatDateTime(view.asOf),
            ...(view.filter.department ? { department: names.departmentVi(view.filter.department) } : {}),
            ...(view.filter.procedure
              ? { procedure: `${view.filter.procedure} — ${names.procedure(view.filter.procedure)}` }
              : {}),
          },
          ExcelJS,
        );
        const bytes = await wb.xlsx.writeBuffer();
        saveBlob(
          new Blob([bytes as ArrayBuffer], {
            type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          }),
          fileName,
        );
      }
      setMessage({ kind: 'success', text: t.exported(fileName) });
    } catch {
      setMessage({ kind: 'error', text: t.exportFailed });
    } finally {
      setBusy(undefined);
    }
  };
  return h(
    'section',
    { class: 'stats-export', 'aria-labelledby': 'stats-export-title' },
    h('h2', { class: 'heading-m', id: 'stats-export-title' }, t.exportTitle),
    h('p', { class: 'body' }, t.exportLead(periodLabel(view.period))),
    h(
      'div',
      { class: 'button-group' },
      h(
        Button,
        {
          type: 'button',
          id: 'export-csv',
          variant: 'secondary',
          busy: busy === 'csv',
          onClick: () => void run('csv'),
        },
        t.exportCsv,
      ),
      h(
        Button,
        {
          type: 'button',
          id: 'export-xlsx',
          variant: 'secondary',
          busy: busy === 'xlsx',
          onClick: () => void run('xlsx'),
        },
        t.exportXlsx,
      ),
      h(
        Button,
        {
          type: 'button',
          id: 'export-register',
          variant: 'secondary',
          busy: busy === 'register',
          onClick: () => void register(),
        },
        t.registerCsv(registerLabel),
      ),
    ),
    h(
      'p',
      { class: 'body', role: 'status' },
      busy ? t.exporting : message?.kind === 'success' ? message.text : '',
    ),
    message?.kind === 'error' ? h(Notification, { kind: 'error' }, message.text) : null,
  );
}
