import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { CalendarYear } from '../../shared/contracts/calendar.ts';
import { Procedure } from '../../shared/contracts/catalogue.ts';
import { matchWebRoute, WEB_ROUTES, webRedirect } from '../../shared/contracts/web-routes.ts';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import { CITIZEN_TEMPLATES } from '../../shared/domain/citizen-notifications.ts';
import type { Dossier, DossierEvent } from '../../shared/domain/dossier.ts';
import type { DossierEventType } from '../../shared/domain/lifecycle.ts';
import {
  buildMessage,
  type MessageContext,
  messageLink,
  type Template,
} from '../../shared/domain/notifications.ts';
import type { DossierStep } from '../../shared/domain/workflow.ts';
import { fontBytes } from '../../shared/forms/fonts.ts';
import { buildFormData, type DossierFacts, type FormContext } from '../../shared/forms/form-data.ts';
import { FORM_CODES, type FormCode } from '../../shared/forms/model.ts';
import { renderForm } from '../../shared/forms/render.ts';
import { Redirect, route } from '../../web/src/app.ts';
import { NotFoundPage } from '../../web/src/pages/not-found.ts';

/*
 * Every link the system writes for a person lands on a page the web app serves: each email
 * template (Vietnamese and English in one message) and each printed form (01–05) is rendered, every
 * URL in it is extracted, and each must be on the public web address and resolve, through the web
 * app's own router (web/src/app.ts), to a page — not to "page not found", and not to an alias kept
 * only for old paper.
 */
const WEB = 'https://motcua.thainguyen.gov.vn';
const CODE = '000.99.00.H55-260302-0001';
const DOSSIER_ID = '0b6c5f0e-8f1f-4a59-9d61-2f4f1c1e0a11';

/** URLs in a text: up to whitespace, or the quotation marks the forms put around an address. */
function urlsIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s“”"<>]+/g)].map((m) => m[0]);
}

/** Why a URL is not a page the web app serves, or undefined when it is one. */
function deadLink(url: string): string | undefined {
  const u = new URL(url);
  if (u.origin !== new URL(WEB).origin) return `${url}: not on the public web address`;
  const loc = {
    path: decodeURI(u.pathname).replace(/\/+$/, '') || '/',
    query: u.searchParams,
    hash: u.hash.replace(/^#/, ''),
  };
  const page = route(loc);
  if (page.type === NotFoundPage) return `${url}: the web app answers "page not found"`;
  if (page.type === Redirect) return `${url}: an alias for old paper, not the page itself`;
  if (!matchWebRoute(loc.path)) return `${url}: not in the web route table`;
  return undefined;
}

const deadLinks = (texts: string[]) => texts.flatMap(urlsIn).map(deadLink).filter(Boolean);

const STAFF_TEMPLATES: Template[] = [
  'NEW_TASK',
  'STEP_REMINDER',
  'STEP_ESCALATION',
  'INTAKE_REMINDER',
  'APPROVAL_REQUEST',
  'TASK_ASSIGNED',
  'RETURNED_FOR_REWORK',
  'SUPPLEMENT_PROVIDED',
  'WITHDRAWN_NOTICE',
];
const ALL_TEMPLATES: Template[] = [...STAFF_TEMPLATES, ...CITIZEN_TEMPLATES];

function email(template: Template, link = messageLink(template, WEB, { id: DOSSIER_ID, code: CODE })) {
  const context: MessageContext = {
    code: CODE,
    procedureName: 'Đăng ký thành lập doanh nghiệp tư nhân',
    departmentName: 'Sở Tài chính',
    date: '2026-03-05',
    link,
    reasons: ['Thiếu chữ ký'],
    missing: ['Giấy đề nghị'],
    trackingNumber: 'EE123456789VN',
  };
  const m = buildMessage(template, ['a@example.vn'], context);
  return [m.subject, m.text, m.sms?.vi ?? '', m.sms?.en ?? ''];
}

describe('links in emails', () => {
  it.each(ALL_TEMPLATES)('%s links only to pages the web app serves', (template) => {
    const texts = email(template);
    expect(texts.flatMap(urlsIn).length).toBeGreaterThan(0);
    expect(deadLinks(texts)).toEqual([]);
  });

  it('catches a template whose link points to a route the web app does not serve', () => {
    expect(deadLinks(email('RECEIPT', `${WEB}/tra-cuu-ho-so?ma=${CODE}`))).toHaveLength(1);
    expect(deadLinks(email('NEW_TASK', `${WEB}/can-bo/dossiers/${DOSSIER_ID}`))).toHaveLength(1);
    // The old printed link is kept working by a redirect, but no new text may be written with it.
    expect(deadLinks(email('RECEIPT', `${WEB}/tra-cuu?ma=${CODE}`))).toEqual([
      `${WEB}/tra-cuu?ma=${CODE}: an alias for old paper, not the page itself`,
    ]);
    expect(deadLinks(email('RECEIPT', `https://example.org/lookup#code=${CODE}`))).toHaveLength(1);
  });
});

describe('the web route table', () => {
  it('is served by the web app: every route lands on its page', () => {
    for (const [name, pattern] of Object.entries(WEB_ROUTES)) {
      const path = pattern.replace(/:[A-Za-z]+/g, 'x1');
      const page = route({ path, query: new URLSearchParams(), hash: '' });
      expect([name, page.type === NotFoundPage || page.type === Redirect]).toEqual([name, false]);
      expect(matchWebRoute(path)?.name).toBeDefined();
    }
  });

  it('redirects the Vietnamese look-up address of earlier receipts to the look-up page with the code', () => {
    expect(webRedirect('/tra-cuu', new URLSearchParams({ ma: CODE }))).toBe(
      `/lookup#code=${encodeURIComponent(CODE)}`,
    );
    expect(webRedirect('/tra-cuu', new URLSearchParams())).toBe('/lookup');
    expect(webRedirect('/thu-tuc/2.001610', new URLSearchParams())).toBe('/procedures/2.001610');
    expect(webRedirect('/lookup', new URLSearchParams())).toBeUndefined();
    expect(route({ path: '/tra-cuu', query: new URLSearchParams({ ma: CODE }), hash: '' }).type).toBe(
      Redirect,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The printed forms.

const readYear = (year: number) =>
  CalendarYear.parse(
    JSON.parse(readFileSync(new URL(`../../data/calendar/${year}.json`, import.meta.url), 'utf8')),
  );
const calendar = WorkingCalendar.fromYears([2025, 2026, 2027].map(readYear));
const procedure = Procedure.parse(
  JSON.parse(readFileSync(new URL('../../data/procedures/2.001610.json', import.meta.url), 'utf8')),
);
const vn = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`).toISOString();
let seq = 0;
const ev = (type: DossierEventType, at: string, toStatus: Dossier['status']): DossierEvent => ({
  eventId: `e${++seq}`,
  type,
  at: vn(at),
  actor: { kind: 'SYSTEM', id: 'test' },
  toStatus,
});

function facts(form: FormCode): DossierFacts {
  const step: DossierStep = {
    stepId: 'S01',
    stage: 0,
    departmentId: 'STC',
    task: 'Giải quyết hồ sơ',
    allotted: { amount: 3, unit: 'WORKING_DAYS' },
    status: 'WAITING_DEPARTMENT',
    startedAt: vn('2026-03-02 09:30'),
    dueDate: '2026-03-05',
    dueAt: vn('2026-03-05 17:00'),
    reminded: false,
    extended: form === '04',
    supplementRequests: 0,
  };
  const dossier: Dossier = {
    id: DOSSIER_ID,
    status: form === '03' ? 'REFUSED' : form === '02' ? 'SUPPLEMENT_REQUESTED' : 'IN_PROGRESS',
    version: 4,
    procedureCode: procedure.code,
    procedureVersion: procedure.version,
    procedureName: procedure.name,
    departmentId: 'STC',
    agencyCode: '000.99.00.H55',
    channel: 'ONLINE',
    applicant: {
      type: 'INDIVIDUAL',
      fullName: 'Nguyễn Thị Hồng Nhung',
      idNumber: '019190001234',
      phone: '0912345678',
      address: 'Số 12, đường Hoàng Văn Thụ, tỉnh Thái Nguyên',
    },
    fields: {},
    delivery: { method: 'ONLINE' },
    createdAt: vn('2026-03-02 08:40'),
    submittedAt: vn('2026-03-02 09:00'),
    receivedAt: vn('2026-03-02 09:00'),
    code: CODE,
    appointment: { dueDate: '2026-03-05', dueAt: vn('2026-03-05 17:00') },
    ...(form === '02'
      ? {
          notice: {
            kind: 'SUPPLEMENT',
            missing: ['Giấy đề nghị'],
            reasons: ['Thiếu chữ ký'],
            at: vn('2026-03-03 10:00'),
            dueAt: vn('2026-04-02 17:00'),
          },
        }
      : {}),
    ...(form === '03'
      ? { notice: { kind: 'REFUSAL', missing: [], reasons: ['Trùng tên'], at: vn('2026-03-04 15:00') } }
      : {}),
  };
  const events = [
    ev('SUBMITTED', '2026-03-02 09:00', 'SUBMITTED'),
    ev('INTAKE_ACCEPTED', '2026-03-02 09:30', 'IN_PROGRESS'),
    ev('STEP_ASSIGNED', '2026-03-02 09:30', 'IN_PROGRESS'),
  ];
  if (form === '02')
    events.push(ev('INTAKE_SUPPLEMENT_REQUESTED', '2026-03-03 10:00', 'SUPPLEMENT_REQUESTED'));
  if (form === '03') events.push(ev('STEP_REFUSED', '2026-03-04 15:00', 'REFUSED'));
  if (form === '04')
    events.push({
      ...ev('STEP_EXTENDED', '2026-03-04 09:00', 'IN_PROGRESS'),
      data: { stepId: 'S01', from: '2026-03-05', to: '2026-03-10' },
    });
  return { dossier, documents: [], events, steps: [step] };
}

const context = (f: DossierFacts): FormContext => ({
  facts: f,
  procedure,
  centre: { name: 'Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên' },
  departments: new Map([['STC', { name: 'Sở Tài chính' }]]),
  calendar,
  publicWebUrl: WEB,
});

async function pdfText(form: FormCode): Promise<{ text: string; qr: string }> {
  const data = buildFormData(form, context(facts(form)));
  const pdf = await getDocumentProxy(new Uint8Array(await renderForm(data, fontBytes())));
  const { text } = await extractText(pdf, { mergePages: true });
  // The address is printed whole on one line: the text is read with its line breaks kept.
  return { text, qr: data.lookupUrl };
}

describe('links on the printed forms', () => {
  it.each(FORM_CODES)(
    'form %s prints and encodes in its QR code only pages the web app serves',
    async (form) => {
      const { text, qr } = await pdfText(form);
      const printed = urlsIn(text);
      expect(printed).toEqual([qr]);
      expect(deadLinks([qr])).toEqual([]);
    },
  );
});

describe('the web app’s own links', () => {
  it('builds every page path from the route table: no page path is written by hand in web/src', () => {
    const files = readdirSync('web/src', { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile() && /\.tsx?$/.test(f.name))
      .map((f) => path.join(f.parentPath, f.name));
    const byHand: string[] = [];
    for (const file of files) {
      // Code only: comments may name a page's path.
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      for (const m of code.matchAll(/(['"`])(\/[^'"`\s]*)\1?/g)) {
        const literal =
          m[2]!
            .replace(/\$\{[^}]*\}?/g, 'x')
            .split(/[?#]/)[0]!
            .replace(/\/$/, '') || '/';
        // An API call's path (the API has routes named like pages: `GET /procedures`).
        const before = code.slice(Math.max(0, m.index - 12), m.index);
        if (literal === '/' || /'(GET|POST|PUT|PATCH|DELETE)',\s*$/.test(before)) continue;
        if (matchWebRoute(literal) || webRedirect(literal, new URLSearchParams()))
          byHand.push(`${file}: ${m[0]}`);
      }
    }
    expect(byHand).toEqual([]);
  });
});
