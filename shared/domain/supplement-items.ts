import type { DocumentRequirement } from '../contracts/catalogue.ts';

/**
 * A free supplement item: something the officer asks for that is not in the procedure's document
 * list (a paper the case turned out to need: a court decision, a site photo…), named in the
 * officer's words with an optional note. It gets an id of its own (`x1`, `x2`…, never a
 * requirement's `d…`), so the citizen has an upload slot for exactly it on the look-up page, and
 * the document uploaded for it keeps the item's name for the staff who read the dossier.
 */
export interface ExtraItem {
  id: string;
  name: string;
  note?: string;
}

export const EXTRA_ITEM_ID = /^x\d{1,2}$/;
export const MAX_EXTRA_ITEMS = 10;

/** The items as the officer wrote them, numbered in their order. */
export function numberExtraItems(
  items: readonly { name: string; note?: string | undefined }[] = [],
): ExtraItem[] {
  return items.map((x, i) => ({ id: `x${i + 1}`, name: x.name, ...(x.note ? { note: x.note } : {}) }));
}

/** How a free item reads in the list of everything missing (the notice, form 02, the emails). */
export const extraItemLabel = (x: ExtraItem) => (x.note ? `${x.name}: ${x.note}` : x.name);

/** An upload slot's rules for a free item: one electronic copy, as PDF or image, up to 10 MB. */
export function extraItemRequirement(x: ExtraItem): DocumentRequirement {
  return {
    id: x.id,
    name: x.name,
    originals: 0,
    copies: 0,
    uploadMandatory: true,
    acceptedTypes: ['application/pdf', 'image/jpeg', 'image/png'],
    maxSizeMb: 10,
  };
}

/**
 * The requirements an upload may answer: the procedure's own and, while a supplement request is
 * pending, the free items it asks for.
 */
export function requirementsWithExtras(
  documents: readonly DocumentRequirement[],
  notice: { kind?: string; extras?: readonly ExtraItem[] | undefined } | undefined,
): DocumentRequirement[] {
  const extras = notice?.kind === 'SUPPLEMENT' ? (notice.extras ?? []) : [];
  return [...documents, ...extras.map(extraItemRequirement)];
}
