import { describe, expect, it } from 'vitest';
import type { Procedure } from '../../shared/contracts/catalogue.ts';
import { versionInForce } from '../../shared/domain/procedure-versions.ts';

/** Which procedure version a dossier received on a given day gets. */
const v = (version: number, effectiveFrom: string) => ({ version, effectiveFrom }) as Procedure;

describe('the procedure version in force', () => {
  const versions = [v(1, '2025-07-01'), v(2, '2026-04-01'), v(3, '2026-03-15')];

  it('is the highest version whose effective date has come', () => {
    expect(versionInForce(versions, '2026-03-01')?.version).toBe(1);
    expect(versionInForce(versions, '2026-03-15')?.version).toBe(3);
    // Version 3 was made after version 2 (edited from it), so it replaces it even once 2's date comes.
    expect(versionInForce(versions, '2026-05-01')?.version).toBe(3);
  });

  it('starts on its effective date, not the day after', () => {
    expect(versionInForce([v(1, '2025-01-01'), v(2, '2026-03-03')], '2026-03-02')?.version).toBe(1);
    expect(versionInForce([v(1, '2025-01-01'), v(2, '2026-03-03')], '2026-03-03')?.version).toBe(2);
  });

  it('falls back to the oldest version before one is in force, and to nothing without versions', () => {
    expect(versionInForce([v(2, '2030-01-01'), v(1, '2029-01-01')], '2026-01-01')?.version).toBe(1);
    expect(versionInForce([], '2026-01-01')).toBeUndefined();
  });
});
