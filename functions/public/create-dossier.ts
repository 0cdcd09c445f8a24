import { randomUUID } from 'node:crypto';
import { getDepartment, getProcedure } from '#adapters/catalogue-repository.ts';
import { now } from '#adapters/clock.ts';
import { createDraft, newEvent } from '#adapters/dossier-repository.ts';
import { type IdempotentInput, idempotentOperation } from '#adapters/idempotency.ts';
import { CreateDossierRequest, type CreateDossierResponse, formFieldsSchema } from '#contracts/dossier.ts';
import type { Dossier } from '#domain/dossier.ts';
import { DomainError } from '#domain/errors.ts';
import { httpHandler, json, zodFieldErrors } from '#http/handler.ts';

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

export const handler = httpHandler(
  { body: CreateDossierRequest, idempotencyKey: true },
  async ({ body, idempotencyKey, context }) => {
    const procedure = await getProcedure(body.procedureCode);
    if (!procedure) throw new DomainError('PROCEDURE_NOT_FOUND', `Không có thủ tục mã ${body.procedureCode}`);
    if (!procedure.applicantTypes.includes(body.applicant.type)) {
      throw new DomainError('APPLICANT_TYPE_NOT_ALLOWED', 'Thủ tục này không dành cho đối tượng đã chọn', [
        {
          path: 'applicant.type',
          code: 'not_allowed',
          message: `Chỉ nhận: ${procedure.applicantTypes.join(', ')}`,
        },
      ]);
    }
    const fields = formFieldsSchema(procedure.formFields).safeParse(body.fields);
    if (!fields.success) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'Một số thông tin tờ khai chưa hợp lệ',
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
    // A retry is answered from the stored result, and a key reused with another body is refused,
    // by reading only: nothing is written for either.
    const result = (await createOnce.replay(input)) ?? (await createOnce.run(input, context));
    return json(201, result, { location: `/dossiers/${result.dossierId}` });
  },
);
