import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CalendarYear } from '../../shared/contracts/calendar.ts';
import { Procedure } from '../../shared/contracts/catalogue.ts';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import { governingVersion, versionAtReception } from '../../shared/domain/procedure-versions.ts';

/*
 * March 2026: Monday 02/03, Friday 06/03, Monday 09/03 (data/calendar/2026.json). Version 1 has
 * been in force since 2025; version 2 takes effect on Monday 09/03.
 */
const readYear = (year: number) =>
  CalendarYear.parse(
    JSON.parse(readFileSync(new URL(`../../data/calendar/${year}.json`, import.meta.url), 'utf8')),
  );
const cal = WorkingCalendar.fromYears([2025, 2026, 2027].map(readYear));
const base = Procedure.parse(
  JSON.parse(readFileSync(new URL('../../data/procedures/2.001610.json', import.meta.url), 'utf8')),
);
const v1 = { ...base, version: 1, effectiveFrom: '2025-01-01' };
const sameDocuments = { ...base, version: 2, effectiveFrom: '2026-03-09', name: `${base.name} (sửa)` };
const otherDocuments = {
  ...sameDocuments,
  documents: base.documents.map((d, i) => (i === 0 ? { ...d, maxSizeMb: d.maxSizeMb + 1 } : d)),
};
const vn = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`);

describe('the version that governs a dossier (Decree 61/2018 art. 18)', () => {
  it('is the one in force on the working day the dossier counts as received', () => {
    const versions = [v1, sameDocuments];
    // Friday before the 15:00 cut-off: received Friday, under version 1.
    expect(versionAtReception(versions, vn('2026-03-06 14:59'), cal)?.version).toBe(1);
    // Friday after the cut-off: received on Monday 09/03, when version 2 is in force.
    expect(versionAtReception(versions, vn('2026-03-06 15:00'), cal)?.version).toBe(2);
    // Saturday: the next working day too.
    expect(versionAtReception(versions, vn('2026-03-07 09:00'), cal)?.version).toBe(2);
  });

  it('takes the cut-off of the version in force on the calendar day of receipt', () => {
    const lateCutoff = { ...v1, deadlinePolicy: { ...v1.deadlinePolicy, cutoff: '16:30' } };
    expect(versionAtReception([lateCutoff, sameDocuments], vn('2026-03-06 16:00'), cal)?.version).toBe(1);
  });

  it('is none when the procedure has no version', () => {
    expect(versionAtReception([], vn('2026-03-06 10:00'), cal)).toBeUndefined();
    expect(governingVersion(1, [], vn('2026-03-06 10:00'), cal)).toBeUndefined();
  });

  it('keeps a draft of the version in force as it is', () => {
    const g = governingVersion(1, [v1, otherDocuments], vn('2026-03-06 10:00'), cal);
    expect(g).toEqual({ governing: v1, documentsChanged: false });
  });

  it('moves a draft to the version in force: silently when the documents are the same, else asks again', () => {
    const after = vn('2026-03-09 10:00');
    expect(governingVersion(1, [v1, sameDocuments], after, cal)).toEqual({
      governing: sameDocuments,
      documentsChanged: false,
    });
    expect(governingVersion(1, [v1, otherDocuments], after, cal)).toEqual({
      governing: otherDocuments,
      documentsChanged: true,
    });
    // A drafted version no longer known is treated as changed documents.
    expect(governingVersion(7, [v1, sameDocuments], after, cal)?.documentsChanged).toBe(true);
  });
});
