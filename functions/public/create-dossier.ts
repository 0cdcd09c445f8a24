import { randomUUID } from 'node:crypto';
import { getDepartment, getProcedure } from '#adapters/catalogue-repository.ts';
import { now } from '#adapters/clock.ts';
import { createDraft, newEvent } from '#adapters/dossier-repository.ts';
import { procedureAtReception } from '#adapters/dossier-submission.ts';
import { type IdempotentInput, idempotentOperation } from '#adapters/idempotency.ts';
import type { Procedure } from '#contracts/catalogue.ts';
import { CreateDossierRequest, type CreateDossierResponse, formFieldsSchema } from '#contracts/dossier.ts';
import type { Dossier } from '#domain/dossier.ts';
import { DomainError, fieldError } from '#domain/errors.ts';
import { zodFieldErrors } from '#domain/field-errors.ts';
import { message } from '#domain/messages.ts';
import { httpHandler, json } from '#http/handler.ts';

/**
 * POST /dossiers — starts an online dossier (draft) for a procedure. Honours Idempotency-Key: a
 * retried request returns the first response and never creates a second dossier.
 */
interface DerivedFromProcedure {
  agencyCode: string;
  procedureVersion: number;
  procedureName: string;
  departmentId: string;
}

const createOnce = idempotentOperation(
  'CreateDossier',
  async ({
    payload: request,
    derived: payload,
  }: IdempotentInput<CreateDossierRequest, DerivedFromProcedure>): Promise<CreateDossierResponse> => {
    const createdAt = now().toISOString();
    const id = randomUUID();
    const dossier: Dossier = {
      id,
      status: 'DRAFT',
      version: 1,
      procedureCode: request.procedureCode,
      procedureVersion: payload.procedureVersion,
      procedureName: payload.procedureName,
      departmentId: payload.departmentId,
      agencyCode: payload.agencyCode,
      channel: 'ONLINE',
      applicant: request.applicant,
      fields: request.fields,
      delivery: request.delivery,
      createdAt,
    };
    await createDraft(
      dossier,
      newEvent({
        type: 'DRAFT_CREATED',
        at: createdAt,
        actor: { kind: 'CITIZEN', id: 'citizen' },
        toStatus: 'DRAFT',
      }),
    );
    return {
      dossierId: id,
      status: 'DRAFT',
      procedureCode: dossier.procedureCode,
      procedureVersion: dossier.procedureVersion,
      createdAt,
      links: { uploads: `/dossiers/${id}/uploads`, submit: `/dossiers/${id}/submit` },
    };
  },
);

/**
 * The version a new draft is made under: today's, or the one the citizen's form was built from when
 * that is the version a submission made now would go in under (after the 15:00 cut-off before a
 * change: the next working day's). Only then is the full version list read.
 */
async function draftVersion(code: string, wanted: number | undefined): Promise<Procedure> {
  const today = await getProcedure(code);
  if (!today) throw new DomainError('PROCEDURE_NOT_FOUND', message('procedure.notFound', { code }));
  if (wanted === undefined || wanted === today.version) return today;
  const { governing } = await procedureAtReception(code, now());
  return governing.version === wanted ? governing : today;
}

export const handler = httpHandler(
  { body: CreateDossierRequest, idempotencyKey: true },
  async ({ body, idempotencyKey, context }) => {
    const procedure = await draftVersion(body.procedureCode, body.procedureVersion);
    if (!procedure.applicantTypes.includes(body.applicant.type)) {
      throw new DomainError('APPLICANT_TYPE_NOT_ALLOWED', 'procedure.applicantTypeNotAllowed', [
        fieldError(
          'applicant.type',
          'not_allowed',
          message('procedure.onlyApplicantTypes', { types: procedure.applicantTypes.join(', ') }),
        ),
      ]);
    }
    const fields = formFieldsSchema(procedure.formFields).safeParse(body.fields);
    if (!fields.success) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'procedure.formInvalid',
        zodFieldErrors(fields.error, 'fields'),
      );
    }
    if (body.delivery.method === 'POST' && !body.delivery.address)
      body.delivery.address = body.applicant.address;
    const departmentId = procedure.departmentIds[0]!;
    const department = await getDepartment(departmentId);
    if (!department) throw new Error(`procedure ${procedure.code} names unknown department ${departmentId}`);
    const input = {
      idempotencyKey,
      scope: 'dossiers',
      payload: { ...body, fields: fields.data },
      derived: {
        agencyCode: department.agencyCode,
        procedureVersion: procedure.version,
        procedureName: procedure.name,
        departmentId,
      },
    };
    // A retry is answered from the stored result, and a key reused with another body is refused:
    // Powertools' conditional put fails and it reads the record (nothing is written for either).
    const result = await createOnce.run(input, context);
    return json(201, result, { location: `/dossiers/${result.dossierId}` });
  },
);
