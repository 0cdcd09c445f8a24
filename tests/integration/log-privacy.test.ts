import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../shared/adapters/logger.ts';
import { RATING_INDICES, type UploadSlot } from '../../shared/contracts/dossier.ts';
import { foldForSearch } from '../../shared/domain/text.ts';
import {
  call,
  draftWithDocuments,
  individual,
  newKey,
  privateEnterpriseRequest,
  uploadToSlot,
  useLocalStack,
} from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
import { MON_2026_03_02_0900, staff, version } from '../support/workflow.ts';

// Before any module builds the logger: what an operator chasing a bug would set — the most
// talkative level, and every invocation's event logged whole.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  process.env.POWERTOOLS_LOGGER_LOG_EVENT = 'true';
});

/**
 * ARCHITECTURE.md invariant 8, end to end: a whole dossier's life (submission with documents,
 * intake, the department's work and result, hand-back to an authorised collector, rating) plus a
 * failed look-up, with every handler logging at DEBUG. Everything written to this process's stdout
 * and stderr is captured — the handlers, the workflow tasks and the libraries they use run here —
 * and must not contain the applicant's CCCD, phone, email or name, in any spelling.
 */
const APPLICANT = {
  fullName: 'Lường Thị Bảo Khuê',
  idNumber: '008195004721',
  phone: '0978123456',
  email: 'bao.khue.luong@example.vn',
  address: 'Tổ 7, xóm Bản Hon, xã Phúc Xuân, tỉnh Thái Nguyên',
};
const COLLECTOR = { fullName: 'Đinh Văn Quyết', idNumber: '019087003318' };

/** Every way a value could be spelled in a log line. */
function variants(): Record<string, string[]> {
  const name = (n: string) => [
    n,
    n.normalize('NFD'),
    foldForSearch(n),
    n.toUpperCase(),
    JSON.stringify(n)
      .slice(1, -1)
      .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`),
  ];
  const national = APPLICANT.phone.slice(1);
  return {
    idNumber: [APPLICANT.idNumber],
    phone: [APPLICANT.phone, national, `+84${national}`, `84${national}`, '097 812 3456', '0978.123.456'],
    email: [APPLICANT.email, APPLICANT.email.toUpperCase(), encodeURIComponent(APPLICANT.email)],
    fullName: name(APPLICANT.fullName),
    address: name(APPLICANT.address),
    collectorName: name(COLLECTOR.fullName),
    collectorId: [COLLECTOR.idNumber],
  };
}

const captured: string[] = [];
const originals = { out: process.stdout.write, err: process.stderr.write };
function capture(stream: NodeJS.WriteStream) {
  // Kept, not echoed: DEBUG output would drown the test report.
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof stream.write;
}
beforeAll(() => {
  capture(process.stdout);
  capture(process.stderr);
});
afterAll(() => {
  process.stdout.write = originals.out;
  process.stderr.write = originals.err;
});

const stack = useLocalStack({ clockStartMs: MON_2026_03_02_0900, retryIntervalMs: 5 });
const api = () => stack().urls.api;

describe('no personal data in any log line', () => {
  it('logs a full scenario at DEBUG without the CCCD, phone, email or name of anyone in it', async () => {
    expect(logger.getLevelName()).toBe('DEBUG');
    const start = captured.length;

    // Submission with documents.
    const request = privateEnterpriseRequest({ applicant: individual(APPLICANT) });
    const { dossierId } = await draftWithDocuments(
      api(),
      [{ requirementId: 'd1', bytes: pdfBytes(), contentType: 'application/pdf' }],
      request,
    );
    const submitted = await call<{ code: string; lookupSecret: string }>(
      api(),
      'POST',
      `/dossiers/${dossierId}/submit`,
      { headers: { 'idempotency-key': newKey() } },
    );
    expect(submitted.status).toBe(201);
    await stack().sfn.settle();
    const { code, lookupSecret } = submitted.body;
    const lookup = (secret: string) =>
      call(api(), 'GET', `/lookup/${code}`, { headers: { 'x-lookup-secret': secret } });
    expect((await lookup(lookupSecret)).status).toBe(200);
    // A failed look-up (wrong secret): the refusal and the rate counter log too.
    expect((await lookup('ABCD-EFGH-JKMN-PQRS')).status).toBe(404);

    // Intake, then the department: assign, note, result upload, complete.
    const staffGet = await staff(stack(), 'GET', `/staff/dossiers/${dossierId}`);
    expect(staffGet.status).toBe(200);
    expect(JSON.stringify(staffGet.body)).toContain(APPLICANT.idNumber); // staff do see it
    const accepted = await staff(stack(), 'POST', `/staff/dossiers/${dossierId}/intake`, {
      decision: 'ACCEPT',
      version: await version(dossierId),
    });
    expect(accepted.status).toBe(200);
    const assigned = await staff(
      stack(),
      'POST',
      `/staff/dossiers/${dossierId}/steps/S01/assign`,
      { version: await version(dossierId), handlerId: 'local-stc.chuyenvien' },
      'stc.truongphong',
    );
    expect(assigned.status).toBe(200);
    const noted = await staff(
      stack(),
      'POST',
      `/staff/dossiers/${dossierId}/notes`,
      { text: `Đã gọi ${APPLICANT.phone} để xác minh` },
      'stc.chuyenvien',
    );
    expect(noted.status).toBe(201);
    const slot = await staff<{ slot: UploadSlot }>(
      stack(),
      'POST',
      `/staff/dossiers/${dossierId}/steps/S01/result-uploads`,
      { fileName: `Kết quả ${APPLICANT.fullName}.pdf`, size: pdfBytes().length },
    );
    expect(slot.status).toBe(201);
    expect(await uploadToSlot(slot.body.slot, pdfBytes(), 'application/pdf')).toBeLessThan(300);
    const completed = await staff(stack(), 'POST', `/staff/dossiers/${dossierId}/steps/S01/decision`, {
      action: 'COMPLETE',
      version: await version(dossierId),
      resultDocumentId: slot.body.slot.documentId,
    });
    expect(completed.status).toBe(200);

    // Hand-back to an authorised person, then the citizen's rating.
    const back = await staff(stack(), 'POST', `/staff/dossiers/${dossierId}/hand-back`, {
      version: await version(dossierId),
      collector: { kind: 'AUTHORISED', ...COLLECTOR },
    });
    expect(back.status).toBe(200);
    const rated = await call(api(), 'POST', `/lookup/${code}/rating`, {
      headers: { 'x-lookup-secret': lookupSecret },
      body: { scores: Object.fromEntries(RATING_INDICES.map((k) => [k, 2])) },
    });
    expect(rated.status).toBe(201);
    await stack().sfn.settle();

    // The capture works and the handlers did log at DEBUG about this very dossier.
    const lines = captured.slice(start).join('').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.some((l) => l.includes(dossierId) || l.includes(code))).toBe(true);
    expect(lines.some((l) => /"level":"(DEBUG|INFO)"/.test(l))).toBe(true);

    const leaks: string[] = [];
    for (const [what, spellings] of Object.entries(variants())) {
      for (const s of spellings) {
        const line = lines.find((l) => l.includes(s) || l.toLowerCase().includes(s.toLowerCase()));
        if (line) leaks.push(`${what} (${s}): ${line.slice(0, 300)}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
