import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/contracts/routes.ts';
import { call, draftWithDocuments, newKey, useLocalStack } from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';

const stack = useLocalStack();
const api = () => stack().urls.api;

/**
 * ARCHITECTURE.md invariant 5: no Scan in any request path. The local DynamoDB counts every
 * operation it receives (from our clients and from libraries), so a Scan anywhere shows up.
 */
describe('request paths', () => {
  it('exercise every route without a single DynamoDB Scan, and look-up costs one call', async () => {
    const exercised = new Set<string>();
    const hit = async (method: string, path: string, routeId: string, opts = {}) => {
      exercised.add(routeId);
      return call<Record<string, string>>(api(), method, path, opts);
    };
    await hit('GET', '/procedures?q=doanh%20nghiep', 'ListProcedures');
    await hit('GET', '/procedures/2.001610', 'GetProcedure');
    await hit('GET', '/departments', 'ListDepartments');
    exercised.add('CreateDossier');
    exercised.add('CreateUploadSlots');
    const { dossierId } = await draftWithDocuments(api(), [
      { requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' },
    ]);
    const submitted = await hit('POST', `/dossiers/${dossierId}/submit`, 'SubmitDossier', {
      headers: { 'idempotency-key': newKey() },
    });
    const before = stack().calls.snapshot();
    const lookup = await hit('GET', `/lookup/${submitted.body.code}`, 'LookupDossier', {
      headers: { 'x-lookup-secret': submitted.body.lookupSecret! },
    });
    expect(lookup.status).toBe(200);
    expect(stack().calls.since(before)).toEqual({ 'dynamodb:Query': 1 });

    expect([...exercised].sort()).toEqual(ROUTES.map((r) => r.id).sort());
    const all = stack().calls.snapshot();
    expect(all['dynamodb:Query']).toBeGreaterThan(0);
    expect(all['dynamodb:Scan'] ?? 0).toBe(0);
  });
});
