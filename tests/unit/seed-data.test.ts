import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { DepartmentsFile, Procedure } from '../../shared/contracts/catalogue.ts';
import { AGENCY_CODE_PATTERN } from '../../shared/domain/dossier-code.ts';

const dataDir = new URL('../../data/', import.meta.url);
const readJson = (relative: string): unknown => JSON.parse(readFileSync(new URL(relative, dataDir), 'utf8'));

const procedureFiles = readdirSync(new URL('procedures/', dataDir))
  .filter((f) => f.endsWith('.json'))
  .sort();
const procedures = procedureFiles.map((file) => ({ file, raw: readJson(`procedures/${file}`) }));
const departments = DepartmentsFile.parse(readJson('departments.json'));

describe('seed catalogue (data/procedures)', () => {
  it('has procedure files to check', () => {
    expect(procedureFiles.length).toBeGreaterThanOrEqual(12);
  });

  it.each(procedures)('$file is a valid Procedure named after its code', ({ file, raw }) => {
    const parsed = Procedure.safeParse(raw);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(`${parsed.data?.code}.json`).toBe(file);
  });

  it('names only departments that exist in data/departments.json', () => {
    const known = new Set(departments.departments.map((d) => d.id));
    const unknownRefs = procedures.flatMap(({ file, raw }) =>
      Procedure.parse(raw)
        .departmentIds.filter((id) => !known.has(id))
        .map((id) => `${file}: ${id}`),
    );
    expect(unknownRefs).toEqual([]);
  });

  it('has at least 12 procedures with a statutory deadline amount and at least one document', () => {
    const detailed = procedures
      .map(({ raw }) => Procedure.parse(raw))
      .filter((p) => p.deadline.amount !== null && p.documents.length > 0);
    expect(detailed.length).toBeGreaterThanOrEqual(12);
  });

  it('keeps every text in NFC', () => {
    const notNfc = procedures
      .filter(({ file }) => {
        const text = readFileSync(new URL(`procedures/${file}`, dataDir), 'utf8');
        return text !== text.normalize('NFC');
      })
      .map(({ file }) => file);
    expect(notNfc).toEqual([]);
  });
});

describe('seed departments (data/departments.json)', () => {
  it('gives the centre and every department an agency code of the dossier-code format', () => {
    const codes = [departments.centre.agencyCode, ...departments.departments.map((d) => d.agencyCode)];
    expect(codes.filter((c) => !AGENCY_CODE_PATTERN.test(c))).toEqual([]);
  });

  it('gives every department a distinct id and a distinct agency code', () => {
    const ids = departments.departments.map((d) => d.id);
    const codes = departments.departments.map((d) => d.agencyCode);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

const CalendarFile = z.strictObject({
  year: z.int(),
  status: z.string(),
  sources: z.array(z.string()).check(z.minLength(1)),
  days: z.array(
    z.object({
      date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
      kind: z.enum(['HOLIDAY', 'COMPENSATORY', 'SWAPPED_OFF', 'SWAPPED_WORKDAY']),
      name: z.string().check(z.minLength(1)),
      nameEn: z.string().check(z.minLength(1)),
    }),
  ),
});
type CalendarFile = z.infer<typeof CalendarFile>;

/** 0 = Sunday … 6 = Saturday, of a calendar date. */
const weekday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();
const isRealDate = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
};

const calendars: [number, CalendarFile][] = [2025, 2026].map((year) => [
  year,
  CalendarFile.parse(readJson(`calendar/${year}.json`)),
]);

describe.each(calendars)('working-day calendar %i', (year, calendar) => {
  it('is the calendar of its own year', () => {
    expect(calendar.year).toBe(year);
  });

  it('lists only real dates of that year, each once', () => {
    const dates = calendar.days.map((d) => d.date);
    expect(dates.filter((d) => !isRealDate(d) || !d.startsWith(`${year}-`))).toEqual([]);
    expect(new Set(dates).size).toBe(dates.length);
  });

  it('puts every day off (holiday, compensatory, swapped off) on a Monday to Friday', () => {
    const offOnWeekend = calendar.days
      .filter((d) => d.kind !== 'SWAPPED_WORKDAY' && [0, 6].includes(weekday(d.date)))
      .map((d) => d.date);
    expect(offOnWeekend).toEqual([]);
  });

  it('puts every swapped working day on a Saturday', () => {
    const notSaturday = calendar.days
      .filter((d) => d.kind === 'SWAPPED_WORKDAY' && weekday(d.date) !== 6)
      .map((d) => d.date);
    expect(notSaturday).toEqual([]);
  });

  it('balances every swapped working day with a swapped day off', () => {
    const count = (kind: string) => calendar.days.filter((d) => d.kind === kind).length;
    expect(count('SWAPPED_WORKDAY')).toBe(count('SWAPPED_OFF'));
  });
});

describe('working-day calendar 2026 (decided schedule)', () => {
  const days = new Map(calendars.find(([y]) => y === 2026)![1].days.map((d) => [d.date, d.kind]));

  it('gives Tết Bính Ngọ off from 16 to 20 February', () => {
    for (const date of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) {
      expect(days.get(date), date).toBe('HOLIDAY');
    }
  });

  it('gives National Day, 2 September, off', () => {
    expect(days.get('2026-09-02')).toBe('HOLIDAY');
  });

  it('works Saturday 10 January for the New Year bridge and Saturday 22 August for National Day', () => {
    expect(days.get('2026-01-10')).toBe('SWAPPED_WORKDAY');
    expect(days.get('2026-08-22')).toBe('SWAPPED_WORKDAY');
    expect(days.get('2026-01-02')).toBe('SWAPPED_OFF');
  });
});
