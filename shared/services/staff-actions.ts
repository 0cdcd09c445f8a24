import { getDepartment } from '../adapters/catalogue-repository.ts';
import { config } from '../adapters/config.ts';
import { presignUpload } from '../adapters/document-storage.ts';
import { newEvent } from '../adapters/dossier-repository.ts';
import { addDocuments } from '../adapters/dossier-uploads.ts';
import { newDocumentId } from '../adapters/ids.ts';
import { deliverCommitted } from '../adapters/outbox.ts';
import { unitMember } from '../adapters/staff-directory.ts';
import { commitTransition } from '../adapters/workflow-repository.ts';
import type { StaffPrincipal } from '../contracts/auth.ts';
import type { UploadSlot } from '../contracts/dossier.ts';
import { actorOf } from '../domain/access.ts';
import { appointmentOnAccept } from '../domain/decisions/context.ts';
import { mb } from '../domain/documents.ts';
import { DomainError, fieldError } from '../domain/errors.ts';
import { message } from '../domain/messages.ts';
import { buildMessage, messageLink } from '../domain/notifications.ts';
import { normalizeText } from '../domain/text.ts';
import type { StaffLookup } from './ports.ts';
import { loadVisibleDossier } from './visible-dossier.ts';
import { loadContext } from './workflow-executor.ts';

/**
 * Staff actions that do not answer a workflow wait: the head assigns a handler, anyone working on
 * the dossier records a progress note, a department uploads its result document.
 */

/** The department head assigns a handler (an officer of the same department) to the step. */
export async function assignHandler(
  dossierId: string,
  stepId: string,
  version: number,
  handlerId: string,
  principal: StaffPrincipal,
  now: Date,
  directory: StaffLookup = { member: unitMember },
) {
  const found = await loadVisibleDossier(dossierId, principal);
  const step = found.steps.find((s) => s.stepId === stepId);
  if (!step) throw new DomainError('STEP_NOT_FOUND', message('step.notFound', { stepId }));
  if (principal.departmentId !== step.departmentId)
    throw new DomainError('FORBIDDEN', 'step.otherDepartment');
  if (step.status !== 'WAITING_DEPARTMENT' && step.status !== 'WAITING_CITIZEN') {
    throw new DomainError('STEP_NOT_WAITING', 'step.ended');
  }
  const member = await directory.member(step.departmentId, handlerId);
  if (!member) {
    throw new DomainError('VALIDATION_FAILED', 'staff.notInDepartment', [
      fieldError('handlerId', 'unknown', 'staff.notInDepartment'),
    ]);
  }
  const d = found.dossier;
  if (d.version !== version) {
    throw new DomainError('DOSSIER_CONFLICT', 'dossier.changedByOther');
  }
  const [head, department] = await Promise.all([
    directory.member(step.departmentId, principal.id),
    getDepartment(step.departmentId),
  ]);
  const { token: _t, tokenKind: _k, ...rest } = step;
  const committed = await commitTransition({
    dossier: d,
    checkVersion: true,
    before: found.steps,
    // The parked token stays where it is: assigning does not answer the wait.
    steps: [
      {
        step: { ...rest, handler: handlerId, ...(step.token ? { token: step.token } : {}) },
        expectStatus: [step.status],
      },
    ],
    events: [
      newEvent({
        type: 'STEP_HANDLER_ASSIGNED',
        at: now.toISOString(),
        actor: actorOf(principal),
        fromStatus: d.status,
        toStatus: d.status,
        // The handler's name at the time, next to the id (pages show the current name).
        data: { stepId, handler: handlerId, handlerName: member.name },
      }),
    ],
    messages: [
      {
        ...buildMessage('TASK_ASSIGNED', [member.email], {
          code: d.code ?? d.id,
          procedureName: d.procedureName,
          ...(department ? { departmentName: department.name } : {}),
          ...(step.dueDate ? { date: step.dueDate } : {}),
          link: messageLink('TASK_ASSIGNED', config().PUBLIC_WEB_URL, d),
          ...(head ? { personName: head.name } : {}),
        }),
        inApp: { unit: step.departmentId, userIds: [handlerId] },
      },
    ],
  });
  await deliverCommitted(committed.outbox);
  return { version: committed.version };
}

/** A progress note on the dossier's staff timeline (never shown to the citizen). */
export async function addNote(dossierId: string, text: string, principal: StaffPrincipal, now: Date) {
  const found = await loadVisibleDossier(dossierId, principal);
  const d = found.dossier;
  await commitTransition({
    dossier: d,
    checkVersion: false,
    events: [
      newEvent({
        type: 'NOTE_ADDED',
        at: now.toISOString(),
        actor: actorOf(principal),
        fromStatus: d.status,
        toStatus: d.status,
        data: { text: normalizeText(text) },
      }),
    ],
  });
  return { dossierId };
}

/** Result documents: PDF, up to 20 MB, uploaded by the department whose step is open. */
export const RESULT_MAX_MB = 20;

export async function resultUploadSlot(
  dossierId: string,
  stepId: string,
  fileName: string,
  size: number,
  principal: StaffPrincipal,
  now: Date,
): Promise<UploadSlot> {
  const found = await loadVisibleDossier(dossierId, principal);
  const step = found.steps.find((s) => s.stepId === stepId);
  if (!step) throw new DomainError('STEP_NOT_FOUND', message('step.notFound', { stepId }));
  if (principal.departmentId !== step.departmentId)
    throw new DomainError('FORBIDDEN', 'step.otherDepartment');
  if (step.status !== 'WAITING_DEPARTMENT') throw new DomainError('STEP_NOT_WAITING', 'step.notOpen');
  if (size > mb(RESULT_MAX_MB)) {
    throw new DomainError('VALIDATION_FAILED', message('document.maxMb', { max: RESULT_MAX_MB }), [
      fieldError('size', 'DOCUMENT_TOO_LARGE', message('document.maxMb', { max: RESULT_MAX_MB })),
    ]);
  }
  const documentId = newDocumentId();
  const key = `dossiers/${dossierId}/results/${documentId}`;
  const post = await presignUpload({ key, contentType: 'application/pdf', bytes: size });
  const d = found.dossier;
  await addDocuments(
    d,
    [
      {
        documentId,
        requirementId: `result-${stepId}`,
        key,
        fileName: normalizeText(fileName),
        declaredType: 'application/pdf',
        declaredSize: size,
        createdAt: now.toISOString(),
        status: 'PENDING',
        kind: 'RESULT',
      },
    ],
    newEvent({
      type: 'UPLOAD_SLOTS_ISSUED',
      at: now.toISOString(),
      actor: actorOf(principal),
      fromStatus: d.status,
      toStatus: d.status,
      data: { documentIds: [documentId], kind: 'RESULT', stepId },
    }),
    d.status as 'IN_PROGRESS',
  );
  return {
    documentId,
    requirementId: `result-${stepId}`,
    url: post.url,
    fields: post.fields,
    maxBytes: size,
    expiresAt: post.expiresAt,
  };
}

/**
 * What reception's acceptance would give now: the appointment date the receipt will carry, whether
 * it rests on a provisional calendar. Undefined when the calendar cannot count it (the acceptance
 * itself then answers the problem).
 */
export async function acceptPreview(dossierId: string, now: Date) {
  try {
    const due = appointmentOnAccept(await loadContext(dossierId, now));
    return { appointment: due.dueDate, provisional: due.provisional };
  } catch {
    return undefined;
  }
}
