import { GetObjectCommand, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import { DomainError } from '../domain/errors.ts';
import { buildFormData, type DossierFacts, formUnavailableReason } from '../forms/form-data.ts';
import type { FormCode } from '../forms/model.ts';
import { renderForm } from '../forms/render.ts';
import { signIssuedForm } from '../signing/form-signing.ts';
import { workingCalendar } from './calendar-repository.ts';
import { getCentre, getProcedureVersion, listDepartments } from './catalogue-repository.ts';
import { config } from './config.ts';
import { logger } from './logger.ts';
import { s3Client } from './s3-client.ts';

/**
 * The official forms (01–05) as PDFs kept with the dossier in the documents bucket, under
 * `dossiers/<dossierId>/forms/<form>-<revision>.pdf`. A form is rendered once per revision of the
 * dossier and served from storage afterwards, so what was handed out can be produced again.
 */

/**
 * The dossier's version and its number of events. The version alone is not enough: the workflow's
 * own transitions (a step assigned, an escalation, the result ready) append events without
 * bumping it, and they change what the process-control sheet prints.
 */
export function formRevision(facts: DossierFacts): string {
  return `${facts.dossier.version}.${facts.events.length}`;
}

export function formKey(dossierId: string, form: FormCode, revision: string): string {
  return `dossiers/${dossierId}/forms/${form}-${revision}.pdf`;
}

export async function readStoredForm(key: string): Promise<Uint8Array | undefined> {
  try {
    const res = await s3Client().send(new GetObjectCommand({ Bucket: config().DOCUMENTS_BUCKET, Key: key }));
    return await res.Body!.transformToByteArray();
  } catch (err) {
    if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return undefined;
    throw err;
  }
}

export async function storeForm(key: string, bytes: Uint8Array, form: FormCode): Promise<void> {
  await s3Client().send(
    new PutObjectCommand({
      Bucket: config().DOCUMENTS_BUCKET,
      Key: key,
      Body: bytes,
      ContentType: 'application/pdf',
      // No personal data in object metadata: it shows up in listings and inventories.
      Metadata: { form },
    }),
  );
}

export interface IssuedForm {
  bytes: Uint8Array;
  key: string;
  /** Served from storage rather than rendered now. */
  reused: boolean;
}

/**
 * The PDF of `form` for a dossier: the stored copy of this revision, or rendered now (from the
 * procedure version the dossier was received under) and stored. `FORM_NOT_AVAILABLE` when the form
 * does not apply to the dossier's state. Two first downloads at once both render and store the same
 * bytes (rendering is deterministic), so no lock is needed.
 */
export async function dossierFormPdf(facts: DossierFacts, form: FormCode): Promise<IssuedForm> {
  const reason = formUnavailableReason(form, facts);
  if (reason) throw new DomainError('FORM_NOT_AVAILABLE', reason);
  const d = facts.dossier;
  const revision = formRevision(facts);
  const key = formKey(d.id, form, revision);
  const stored = await readStoredForm(key);
  if (stored) {
    logger.info('form served', { form, dossierId: d.id, revision, bytes: stored.byteLength, reused: true });
    return { bytes: stored, key, reused: true };
  }
  const [procedure, centre, departments, calendar] = await Promise.all([
    getProcedureVersion(d.procedureCode, d.procedureVersion),
    getCentre(),
    listDepartments(),
    workingCalendar(),
  ]);
  if (!procedure) throw new Error(`procedure version missing: ${d.procedureCode} v${d.procedureVersion}`);
  const started = performance.now();
  const rendered = await renderForm(
    buildFormData(form, {
      facts,
      procedure,
      centre: centre ?? { name: 'Trung tâm Phục vụ hành chính công' },
      departments: new Map(departments.map((dep) => [dep.id, { name: dep.name, email: dep.email }])),
      calendar,
      publicWebUrl: config().PUBLIC_WEB_URL,
    }),
  );
  const renderMs = Math.round(performance.now() - started);
  const bytes = await signIssuedForm(rendered, form, {
    centreId: centre?.id ?? 'CENTRE',
    centreName: centre?.name ?? 'Trung tâm Phục vụ hành chính công',
    dossierCode: d.code!,
    procedureName: d.procedureName,
  });
  await storeForm(key, bytes, form);
  // Identifiers and sizes only: the form's content is personal data.
  logger.info('form issued', {
    form,
    dossierId: d.id,
    revision,
    bytes: bytes.byteLength,
    renderMs,
    reused: false,
  });
  return { bytes, key, reused: false };
}
