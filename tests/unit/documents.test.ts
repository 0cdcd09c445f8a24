import { describe, expect, it } from 'vitest';
import type { DocumentRequirement } from '../../shared/contracts/catalogue.ts';
import { checkDossierDocuments, mb, type UploadedDocument } from '../../shared/domain/documents.ts';

const requirement = (id: string, overrides: Partial<DocumentRequirement> = {}): DocumentRequirement => ({
  id,
  name: `Giấy tờ ${id}`,
  originals: 1,
  copies: 0,
  uploadMandatory: true,
  acceptedTypes: ['application/pdf'],
  maxSizeMb: 5,
  ...overrides,
});

let seq = 0;
const upload = (
  requirementId: string,
  createdAt: string,
  stored: UploadedDocument['stored'] | null = { size: 1000, detectedType: 'application/pdf', sha256: 'h' },
  declaredType: UploadedDocument['declaredType'] = 'application/pdf',
): UploadedDocument => {
  seq += 1;
  const doc: UploadedDocument = { documentId: `doc-${seq}`, requirementId, declaredType, createdAt };
  if (stored) doc.stored = stored;
  return doc;
};

describe('checking the documents of a dossier', () => {
  it('accepts a dossier whose every requirement has a valid upload', () => {
    const d1 = upload('d1', '2026-03-10T01:00:00Z');
    const d2 = upload('d2', '2026-03-10T01:01:00Z');
    const result = checkDossierDocuments([requirement('d1'), requirement('d2')], [d1, d2]);
    expect(result.problems).toEqual([]);
    expect(result.current).toEqual([d1, d2]);
  });

  it('reports a missing mandatory document at documents.<id>', () => {
    const result = checkDossierDocuments([requirement('d1')], []);
    expect(result.problems).toEqual([
      { path: 'documents.d1', code: 'DOCUMENT_MISSING', message: expect.stringContaining('Giấy tờ d1') },
    ]);
    expect(result.current).toEqual([]);
  });

  it('counts an upload that never reached storage as missing', () => {
    const result = checkDossierDocuments([requirement('d1')], [upload('d1', '2026-03-10T01:00:00Z', null)]);
    expect(result.problems.map((p) => p.code)).toEqual(['DOCUMENT_MISSING']);
  });

  it('does not ask for an optional document that was not uploaded', () => {
    const result = checkDossierDocuments([requirement('d3', { uploadMandatory: false })], []);
    expect(result).toEqual({ current: [], problems: [] });
  });

  it('checks an optional document that was uploaded', () => {
    const png = upload(
      'd3',
      '2026-03-10T01:00:00Z',
      { size: 10, detectedType: 'image/png', sha256: 'h' },
      'application/pdf',
    );
    const result = checkDossierDocuments([requirement('d3', { uploadMandatory: false })], [png]);
    expect(result.problems.map((p) => [p.path, p.code])).toEqual([
      ['documents.d3', 'DOCUMENT_TYPE_MISMATCH'],
    ]);
  });

  it('takes the newest stored upload of a requirement and ignores an older invalid one', () => {
    const olderInvalid = upload('d1', '2026-03-10T01:00:00Z', {
      size: mb(6),
      detectedType: 'image/png',
      sha256: 'old',
    });
    const newer = upload('d1', '2026-03-10T02:00:00Z');
    const result = checkDossierDocuments([requirement('d1')], [newer, olderInvalid]);
    expect(result.problems).toEqual([]);
    expect(result.current).toEqual([newer]);
  });

  it('ignores a newer upload that never reached storage', () => {
    const stored = upload('d1', '2026-03-10T01:00:00Z');
    const pending = upload('d1', '2026-03-10T03:00:00Z', null);
    const result = checkDossierDocuments([requirement('d1')], [stored, pending]);
    expect(result.current).toEqual([stored]);
  });

  it('judges the newest upload even when an older one was valid', () => {
    const olderValid = upload('d1', '2026-03-10T01:00:00Z');
    const newerInvalid = upload('d1', '2026-03-10T02:00:00Z', {
      size: 10,
      detectedType: 'image/png',
      sha256: 'h',
    });
    const result = checkDossierDocuments([requirement('d1')], [olderValid, newerInvalid]);
    expect(result.problems.map((p) => p.code)).toEqual(['DOCUMENT_TYPE_MISMATCH']);
    expect(result.current).toEqual([]);
  });

  it('refuses a file declared as PDF that holds a PNG', () => {
    const req = requirement('d1', { acceptedTypes: ['application/pdf', 'image/png'] });
    const lying = upload('d1', '2026-03-10T01:00:00Z', { size: 10, detectedType: 'image/png', sha256: 'h' });
    const result = checkDossierDocuments([req], [lying]);
    expect(result.problems).toEqual([
      { path: 'documents.d1', code: 'DOCUMENT_TYPE_MISMATCH', message: expect.stringContaining('image/png') },
    ]);
  });

  it('refuses a file whose type could not be detected', () => {
    const unknown = upload('d1', '2026-03-10T01:00:00Z', { size: 10, detectedType: undefined, sha256: 'h' });
    const result = checkDossierDocuments([requirement('d1')], [unknown]);
    expect(result.problems.map((p) => p.code)).toEqual(['DOCUMENT_TYPE_MISMATCH']);
  });

  it('refuses a file larger than the requirement allows, and accepts one exactly at the limit', () => {
    const atLimit = upload('d1', '2026-03-10T01:00:00Z', {
      size: mb(5),
      detectedType: 'application/pdf',
      sha256: 'h',
    });
    expect(checkDossierDocuments([requirement('d1')], [atLimit]).problems).toEqual([]);
    const tooLarge = upload('d1', '2026-03-10T01:00:00Z', {
      size: mb(5) + 1,
      detectedType: 'application/pdf',
      sha256: 'h',
    });
    const result = checkDossierDocuments([requirement('d1')], [tooLarge]);
    expect(result.problems).toEqual([
      { path: 'documents.d1', code: 'DOCUMENT_TOO_LARGE', message: expect.stringContaining('5 MB') },
    ]);
  });

  it('refuses an empty file', () => {
    const empty = upload('d1', '2026-03-10T01:00:00Z', {
      size: 0,
      detectedType: 'application/pdf',
      sha256: 'h',
    });
    expect(checkDossierDocuments([requirement('d1')], [empty]).problems.map((p) => p.code)).toEqual([
      'DOCUMENT_EMPTY',
    ]);
  });

  it('lists every problem of every requirement at once', () => {
    const reqs = [requirement('d1'), requirement('d2'), requirement('d3'), requirement('d4')];
    const docs = [
      upload('d2', '2026-03-10T01:00:00Z', { size: mb(6), detectedType: 'image/png', sha256: 'h' }),
      upload('d3', '2026-03-10T01:00:00Z', { size: 10, detectedType: 'image/jpeg', sha256: 'h' }),
      upload('d4', '2026-03-10T01:00:00Z'),
    ];
    const result = checkDossierDocuments(reqs, docs);
    expect(result.problems.map((p) => [p.path, p.code])).toEqual([
      ['documents.d1', 'DOCUMENT_MISSING'],
      ['documents.d2', 'DOCUMENT_TOO_LARGE'],
      ['documents.d2', 'DOCUMENT_TYPE_MISMATCH'],
      ['documents.d3', 'DOCUMENT_TYPE_MISMATCH'],
    ]);
    expect(result.current.map((d) => d.requirementId)).toEqual(['d4']);
  });

  it('ignores uploads for requirements the procedure does not have', () => {
    const result = checkDossierDocuments(
      [requirement('d1')],
      [
        upload('d1', '2026-03-10T01:00:00Z'),
        upload('d9', '2026-03-10T01:00:00Z', { size: mb(60), detectedType: 'image/png', sha256: 'h' }),
      ],
    );
    expect(result.problems).toEqual([]);
    expect(result.current.map((d) => d.requirementId)).toEqual(['d1']);
  });
});
