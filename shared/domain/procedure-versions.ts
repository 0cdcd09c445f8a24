import type { DocumentRequirement, Procedure } from '../contracts/catalogue.ts';
import type { WorkingCalendar } from './calendar.ts';
import { vnIsoDate } from './time.ts';

/**
 * Which version of a procedure governs a dossier. A dossier keeps the version in force on the day
 * it was received; the reception day is the working day the dossier counts as received on: the
 * same day before the cut-off (15:00 unless the procedure says otherwise), else the next working
 * day (Decree 61/2018 art. 18) — for an online dossier from its submission, at the counter from its
 * registration, by post from the postal receipt. Pure rules; the adapters read the versions and the
 * calendar and write what these decide.
 */

/**
 * The version that applies on `day` (`yyyy-MM-dd`, Vietnamese calendar): the highest version whose
 * `effectiveFrom` is on or before that day. Each version is a whole copy edited from the latest, so
 * a newer version in force replaces every older one. None in force yet: the oldest known.
 */
export function versionInForce(versions: readonly Procedure[], day: string): Procedure | undefined {
  let best: Procedure | undefined;
  for (const v of versions) if (v.effectiveFrom <= day && (!best || v.version > best.version)) best = v;
  return best ?? [...versions].sort((a, b) => a.version - b.version)[0];
}

/**
 * The version that governs a dossier received at `receivedAt`, or undefined when the procedure has
 * no version at all. The cut-off is the one of the version in force on the calendar day of receipt.
 */
export function versionAtReception(
  versions: readonly Procedure[],
  receivedAt: Date,
  cal: Pick<WorkingCalendar, 'receivedDay'>,
): Procedure | undefined {
  const onCalendarDay = versionInForce(versions, vnIsoDate(receivedAt));
  if (!onCalendarDay) return undefined;
  return versionInForce(versions, cal.receivedDay(receivedAt, onCalendarDay.deadlinePolicy.cutoff));
}

/** What a citizen must hand in under a version: its document requirements, in a canonical form. */
export function documentsSignature(documents: readonly DocumentRequirement[]): string {
  return JSON.stringify(
    [...documents]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((d) => [
        d.id,
        d.name,
        d.originals,
        d.copies,
        d.uploadMandatory,
        [...d.acceptedTypes].sort(),
        d.maxSizeMb,
        d.template ?? null,
      ]),
  );
}

/**
 * The version a submission goes in under, for a draft made under `draftedVersion`. A draft made
 * under another version than the one in force on its reception day goes in under the version in
 * force when the documents asked for are the same (only the deadline, the fees or the wording
 * changed); when they differ (`documentsChanged`), the draft must be moved to that version and the
 * submission refused, so the citizen completes it against the new requirements first.
 */
export function governingVersion(
  draftedVersion: number,
  versions: readonly Procedure[],
  receivedAt: Date,
  cal: Pick<WorkingCalendar, 'receivedDay'>,
): { governing: Procedure; documentsChanged: boolean } | undefined {
  const governing = versionAtReception(versions, receivedAt, cal);
  if (!governing) return undefined;
  if (governing.version === draftedVersion) return { governing, documentsChanged: false };
  const drafted = versions.find((v) => v.version === draftedVersion);
  const same =
    drafted !== undefined &&
    documentsSignature(drafted.documents) === documentsSignature(governing.documents);
  return { governing, documentsChanged: !same };
}
