import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { getDepartment, getProcedure } from '../adapters/catalogue-repository.ts';
import { now } from '../adapters/clock.ts';
import { createDraft, type DossierAggregate, getDossier, newEvent } from '../adapters/dossier-repository.ts';
import { submitDossier, type VerifiedDocument } from '../adapters/dossier-submission.ts';
import { type IdempotentInput, idempotentOperation } from '../adapters/idempotency.ts';
import { logger } from '../adapters/logger.ts';
import { showLinkedOnDesk, ticketLinkRefusal, ticketLinkWrite } from '../adapters/queue-links.ts';
import { startDossierWorkflow } from '../adapters/workflow-client.ts';
import { commitTransition } from '../adapters/workflow-repository.ts';
import type { StaffPrincipal } from '../contracts/auth.ts';
import type { Procedure } from '../contracts/catalogue.ts';
import { formFieldsSchema, type UploadSlot, type UploadSlotsRequest } from '../contracts/dossier.ts';
import type {
  CreateWalkInRequest,
  CreateWalkInResponse,
  PaperDocumentsRequest,
  Representative,
  SubmitWalkInRequest,
  WalkInChannel,
  WalkInSubmitResponse,
} from '../contracts/walk-in.ts';
import { actorOf } from '../domain/access.ts';
import type { Dossier } from '../domain/dossier.ts';
import { DomainError, type FieldError, fieldError } from '../domain/errors.ts';
import { zodFieldErrors } from '../domain/field-errors.ts';
import type { Actor } from '../domain/lifecycle.ts';
import { formatLookupSecret, hashLookupSecret, newLookupSecret } from '../domain/lookup-secret.ts';
import { message } from '../domain/messages.ts';
import { issueUploadSlots } from './upload-slots.ts';
import { procedureOf, verifyDocuments } from './verify-documents.ts';

/**
 * Walk-in and postal registration (issue 9, item 1): a reception officer registers a paper dossier
 * for the citizen. It is the online path on the officer's behalf — the same draft, the same
 * presigned uploads, the same verification by magic bytes and SHA-256, the same code and the same
 * workflow — so departments cannot tell the channels apart. What differs is recorded on the dossier:
 * the channel, a representative, the documents received on paper and, for a postal dossier, the
 * postal receipt time, from which its deadline counts (the 15:00 cut-off applies to it as to every
 * other receipt time: Decree 61/2018 art. 18). Personal data never reaches a log or an event.
 */

/** What a counter or postal dossier keeps beyond an online one. */
export interface WalkInFacts {
  representative?: Representative;
  /** Requirement ids of the documents received on paper. */
  paperDocuments: string[];
  /** POST: when the centre received the envelope; the deadline counts from it. */
  postalReceivedAt?: string;
  /** The officer who registered it. */
  registeredBy: string;
}
export type WalkInDossier = Dossier & Partial<WalkInFacts>;

/** How far back a postal receipt time may be entered (a forgotten envelope is an operator's matter). */
const POSTAL_BACKDATE_DAYS = 30;

const isWalkIn = (d: Dossier): d is WalkInDossier => d.channel === 'COUNTER' || d.channel === 'POST';

interface Derived {
  agencyCode: string;
  procedureVersion: number;
  procedureName: string;
  departmentId: string;
  registeredBy: string;
}

const createOnce = /* @__PURE__ */ idempotentOperation(
  'WalkInCreate',
  async ({
    payload: request,
    derived,
  }: IdempotentInput<CreateWalkInRequest, Derived>): Promise<CreateWalkInResponse> => {
    const createdAt = now().toISOString();
    const id = randomUUID();
    const dossier: WalkInDossier = {
      id,
      status: 'DRAFT',
      version: 1,
      procedureCode: request.procedureCode,
      procedureVersion: derived.procedureVersion,
      procedureName: derived.procedureName,
      departmentId: derived.departmentId,
      agencyCode: derived.agencyCode,
      channel: request.channel,
      applicant: request.applicant,
      fields: request.fields,
      delivery: request.delivery,
      createdAt,
      paperDocuments: request.paperDocuments,
      registeredBy: derived.registeredBy,
      ...(request.representative ? { representative: request.representative } : {}),
      ...(request.receivedAt ? { postalReceivedAt: new Date(request.receivedAt).toISOString() } : {}),
    };
    await createDraft(
      dossier,
      newEvent({
        type: 'DRAFT_CREATED',
        at: createdAt,
        actor: { kind: 'STAFF', id: derived.registeredBy },
        toStatus: 'DRAFT',
        // Facts without personal data: which channel, whether someone acts for the applicant.
        data: {
          channel: request.channel,
          representative: !!request.representative,
          paperDocuments: request.paperDocuments,
        },
      }),
    );
    return {
      dossierId: id,
      status: 'DRAFT',
      channel: request.channel,
      procedureCode: dossier.procedureCode,
      procedureVersion: dossier.procedureVersion,
      version: 1,
      createdAt,
      links: {
        uploads: `/staff/walk-in/dossiers/${id}/uploads`,
        paper: `/staff/walk-in/dossiers/${id}/paper`,
        submit: `/staff/walk-in/dossiers/${id}/submit`,
      },
    };
  },
);

function paperProblems(procedure: Procedure, ids: readonly string[], prefix: string): FieldError[] {
  return ids.flatMap((rid, i) =>
    procedure.documents.some((r) => r.id === rid)
      ? []
      : [fieldError(`${prefix}.${i}`, 'DOCUMENT_REQUIREMENT_UNKNOWN', 'document.requirementUnknown')],
  );
}

/** Checks everything before anything is written: procedure, applicant type, form fields, receipt time. */
export async function createWalkInDossier(
  body: CreateWalkInRequest,
  principal: StaffPrincipal,
  idempotencyKey: string,
  context: Context,
): Promise<CreateWalkInResponse> {
  const procedure = await getProcedure(body.procedureCode);
  if (!procedure)
    throw new DomainError('PROCEDURE_NOT_FOUND', message('procedure.notFound', { code: body.procedureCode }));
  const errors: FieldError[] = [];
  if (!procedure.applicantTypes.includes(body.applicant.type)) {
    errors.push(
      fieldError(
        'applicant.type',
        'not_allowed',
        message('procedure.onlyApplicantTypes', { types: procedure.applicantTypes.join(', ') }),
      ),
    );
  }
  const fields = formFieldsSchema(procedure.formFields).safeParse(body.fields);
  if (!fields.success) errors.push(...zodFieldErrors(fields.error, 'fields'));
  errors.push(...paperProblems(procedure, body.paperDocuments, 'paperDocuments'));
  if (body.receivedAt) {
    const at = Date.parse(body.receivedAt);
    const current = now().getTime();
    if (at > current) {
      errors.push(fieldError('receivedAt', 'in_future', 'dossier.postReceivedInFuture'));
    } else if (at < current - POSTAL_BACKDATE_DAYS * 86_400_000) {
      errors.push(
        fieldError(
          'receivedAt',
          'too_old',
          message('dossier.postReceivedTooOld', { days: POSTAL_BACKDATE_DAYS }),
        ),
      );
    }
  }
  if (errors.length) throw new DomainError('VALIDATION_FAILED', 'request.invalid', errors);
  if (body.delivery.method === 'POST' && !body.delivery.address)
    body.delivery.address = body.applicant.address;
  const departmentId = procedure.departmentIds[0]!;
  const department = await getDepartment(departmentId);
  if (!department) throw new Error(`procedure ${procedure.code} names unknown department ${departmentId}`);
  const input = {
    idempotencyKey,
    // The key is the officer's: two officers' keys never collide.
    scope: `walk-in#${principal.id}`,
    payload: { ...body, fields: fields.data ?? {} },
    derived: {
      agencyCode: department.agencyCode,
      procedureVersion: procedure.version,
      procedureName: procedure.name,
      departmentId,
      registeredBy: principal.id,
    },
  };
  return (await createOnce.replay(input)) ?? (await createOnce.run(input, context));
}

/** A draft registered at the counter or by post; an online dossier is not the counter's to change. */
async function walkInDraft(dossierId: string): Promise<DossierAggregate & { dossier: WalkInDossier }> {
  const found = await getDossier(dossierId);
  if (!found || !isWalkIn(found.dossier)) {
    throw new DomainError('DOSSIER_NOT_FOUND', 'dossier.walkInNotFound');
  }
  return found as DossierAggregate & { dossier: WalkInDossier };
}

/** Presigned POST slots for the scans (PDF, JPEG, PNG as the requirement accepts), as online. */
export async function walkInUploadSlots(
  dossierId: string,
  body: UploadSlotsRequest,
  principal: StaffPrincipal,
): Promise<UploadSlot[]> {
  return issueUploadSlots(() => walkInDraft(dossierId), body, 'DRAFT', actorOf(principal));
}

/** Ticks the documents received on paper (replacing the previous ticks), conditional on the version. */
export async function setPaperDocuments(
  dossierId: string,
  body: PaperDocumentsRequest,
): Promise<{ version: number; paperDocuments: string[] }> {
  const found = await walkInDraft(dossierId);
  const d = found.dossier;
  if (d.status !== 'DRAFT') throw new DomainError('DOSSIER_NOT_DRAFT', 'dossier.submitted');
  if (d.version !== body.version) {
    throw new DomainError('DOSSIER_CONFLICT', 'dossier.changedReload');
  }
  const procedure = await procedureOf(d);
  const errors = paperProblems(procedure, body.received, 'received');
  if (errors.length) throw new DomainError('VALIDATION_FAILED', 'request.invalid', errors);
  // The ticks of a draft are its working state; the submission's event records them for good.
  const { version } = await commitTransition({
    dossier: d,
    checkVersion: true,
    expectStatus: ['DRAFT'],
    set: { paperDocuments: body.received },
    events: [],
  });
  return { version, paperDocuments: body.received };
}

interface Checked {
  dossier: WalkInDossier;
  documents: VerifiedDocument[];
  actor: Actor;
}

export type { WalkInSubmitResponse } from '../contracts/walk-in.ts';

/**
 * The ticket, linked in the submission's own transaction, shown on the counter's desk. The desk
 * is a view of the counter: if it has moved on to another ticket, it is left alone.
 */
async function deskAfterLink(
  ticketId: string,
  dossierId: string,
  code: string,
): Promise<NonNullable<WalkInSubmitResponse['ticket']>> {
  const t = await showLinkedOnDesk(ticketId, { dossierId, code });
  return { ticketId, number: t.number, ...(t.counterId ? { counterId: t.counterId } : {}), linked: true };
}

const submitOnce = /* @__PURE__ */ idempotentOperation(
  'WalkInSubmit',
  async ({
    payload,
    derived,
  }: IdempotentInput<{ dossierId: string; ticketId?: string }, Checked>): Promise<WalkInSubmitResponse> => {
    const secret = newLookupSecret();
    const submittedAt = now();
    const receivedAt = derived.dossier.postalReceivedAt
      ? new Date(derived.dossier.postalReceivedAt)
      : submittedAt;
    const { code } = await submitDossier({
      dossier: derived.dossier,
      submittedAt,
      receivedAt,
      secretHash: hashLookupSecret(secret),
      documents: derived.documents,
      // The ticket is linked in the same transaction: a ticket marked absent meanwhile refuses
      // the submission (409 TICKET_NO_LONGER_SERVED) and neither the dossier nor its code moves.
      ...(payload.ticketId
        ? {
            extraItems: (code: string) => [
              ticketLinkWrite(payload.ticketId!, { dossierId: derived.dossier.id, code }),
            ],
          }
        : {}),
      event: newEvent({
        type: 'SUBMITTED',
        at: submittedAt.toISOString(),
        actor: derived.actor,
        toStatus: 'SUBMITTED',
        data: {
          documents: derived.documents.length,
          channel: derived.dossier.channel,
          paperDocuments: derived.dossier.paperDocuments ?? [],
          ...(derived.dossier.postalReceivedAt ? { receivedAt: derived.dossier.postalReceivedAt } : {}),
        },
      }),
    });
    const id = derived.dossier.id;
    const ticket = payload.ticketId ? await deskAfterLink(payload.ticketId, id, code) : undefined;
    await startDossierWorkflow(id).catch((error: Error) =>
      logger.error('could not start the dossier workflow', { error }),
    );
    const forms = `/staff/dossiers/${id}/forms`;
    return {
      dossierId: id,
      code,
      lookupSecret: formatLookupSecret(secret),
      status: 'SUBMITTED',
      submittedAt: submittedAt.toISOString(),
      receivedAt: receivedAt.toISOString(),
      channel: derived.dossier.channel as WalkInChannel,
      documents: derived.documents.map(({ versionId: _v, ...doc }) => doc),
      // submitDossier moved the draft's version by one; the workflow's own bookkeeping does not.
      version: derived.dossier.version + 1,
      links: {
        dossier: `/staff/dossiers/${id}`,
        intake: `/staff/dossiers/${id}/intake`,
        forms: { '01': `${forms}/01`, '02': `${forms}/02`, '03': `${forms}/03` },
      },
      ...(ticket ? { ticket } : {}),
    };
  },
);

/**
 * The ticket named at submission must be one being served (called, or already marked served):
 * checked before anything is written, and again by the submission's transaction.
 */
async function checkTicket(ticketId: string): Promise<void> {
  const refusal = await ticketLinkRefusal(ticketId);
  if (refusal) throw refusal;
}

/**
 * Hands the registered dossier in: the same code, the same lookup secret (printed for the citizen),
 * the same workflow start, and — for a citizen called at a counter — the ticket linked to the
 * dossier in the same call. A retry with the same Idempotency-Key gets the first answer.
 */
export async function submitWalkIn(
  dossierId: string,
  body: SubmitWalkInRequest,
  principal: StaffPrincipal,
  idempotencyKey: string,
  context: Context,
): Promise<WalkInSubmitResponse> {
  const found = await walkInDraft(dossierId);
  const input = {
    idempotencyKey,
    scope: `walk-in#${dossierId}`,
    payload: { dossierId, ...(body.ticketId ? { ticketId: body.ticketId } : {}) },
  };
  if (found.dossier.status !== 'DRAFT') {
    const replay = await submitOnce.replay({ ...input, derived: undefined as unknown as Checked });
    if (!replay) throw new DomainError('DOSSIER_NOT_DRAFT', 'dossier.submitted');
    return replay;
  }
  if (body.ticketId) await checkTicket(body.ticketId);
  const derived: Checked = {
    dossier: found.dossier,
    documents: await verifyDocuments(found),
    actor: actorOf(principal),
  };
  return (
    (await submitOnce.replay({ ...input, derived })) ?? (await submitOnce.run({ ...input, derived }, context))
  );
}
