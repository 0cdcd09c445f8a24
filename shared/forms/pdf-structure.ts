/**
 * The logical structure of a tagged PDF (ISO 32000-1 §14.7–14.8, as PDF/UA-1 requires it): a tree
 * of structure elements in reading order whose leaves are marked-content sequences on the pages
 * (`/P <</MCID n>> BDC … EMC`), with the parent tree that leads from a page's marked content back
 * to its element. Built while a document is drawn; written by `writeStructure` when it is saved.
 */

/** A standard structure type (§14.8.4) the forms use. */
export type StructRole =
  | 'Document'
  | 'H1'
  | 'H2'
  | 'P'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'Figure'
  | 'Div';

/** A marked-content sequence: MCID `mcid` in the content of page number `page` (0-based). */
export interface MarkedContent {
  page: number;
  mcid: number;
}

export interface StructElement {
  role: StructRole;
  /** Alternate description (figures), read aloud in place of the content. */
  alt?: string;
  /** Attribute dictionaries (§14.8.5), e.g. `<< /O /Table /Scope /Column >>`. */
  attributes?: string;
  kids: (StructElement | MarkedContent)[];
}

export function structElement(
  role: StructRole,
  opts: { alt?: string; attributes?: string } = {},
): StructElement {
  return { role, kids: [], ...opts };
}

const isElement = (k: StructElement | MarkedContent): k is StructElement => 'role' in k;

/** Whether an element holds any content (elements without any are left out of the file). */
export function hasContent(e: StructElement): boolean {
  return e.kids.some((k) => !isElement(k) || hasContent(k));
}

/** The numbered objects the structure is written into (the PDF writer's object table). */
export interface ObjectSink {
  reserve(): number;
  set(ref: number, dict: string): void;
}

/**
 * Writes the structure tree under `root` (a Document element): one object per element, the
 * StructTreeRoot and its ParentTree, whose key for page `i` (the page's /StructParents) is the array
 * of the elements owning MCIDs 0, 1, … of that page. `marks[i][mcid]` is that element, as the page
 * recorded it; `pageRefs[i]` the page object. Returns the StructTreeRoot's object number.
 */
export function writeStructure(
  pdf: ObjectSink,
  root: StructElement,
  marks: readonly (readonly StructElement[])[],
  pageRefs: readonly number[],
  text: (s: string) => string,
): number {
  const treeRoot = pdf.reserve();
  const refs = new Map<StructElement, number>();
  const reserve = (e: StructElement) => {
    refs.set(e, pdf.reserve());
    for (const k of e.kids) if (isElement(k) && hasContent(k)) reserve(k);
  };
  reserve(root);
  const write = (e: StructElement, parent: number) => {
    const ref = refs.get(e)!;
    const first = e.kids.find((k): k is MarkedContent => !isElement(k));
    // Marked content on the element's own page is its MCID alone; on another page, an MCR.
    const page = first ? first.page : undefined;
    const kids = e.kids
      .filter((k) => !isElement(k) || hasContent(k))
      .map((k) => {
        if (isElement(k)) return `${refs.get(k)} 0 R`;
        return k.page === page
          ? String(k.mcid)
          : `<< /Type /MCR /Pg ${pageRefs[k.page]} 0 R /MCID ${k.mcid} >>`;
      });
    pdf.set(
      ref,
      `<< /Type /StructElem /S /${e.role} /P ${parent} 0 R` +
        (page === undefined ? '' : ` /Pg ${pageRefs[page]} 0 R`) +
        (e.alt ? ` /Alt ${text(e.alt)}` : '') +
        (e.attributes ? ` /A ${e.attributes}` : '') +
        ` /K [${kids.join(' ')}] >>`,
    );
    for (const k of e.kids) if (isElement(k) && hasContent(k)) write(k, ref);
  };
  write(root, treeRoot);
  const parentTree = pdf.reserve();
  const nums = marks.map((pageMarks, i) => {
    const array = pdf.reserve();
    const owners = pageMarks.map((e) => {
      const ref = refs.get(e);
      if (!ref) throw new Error('Marked content of an element outside the structure tree');
      return `${ref} 0 R`;
    });
    pdf.set(array, `[${owners.join(' ')}]`);
    return `${i} ${array} 0 R`;
  });
  pdf.set(parentTree, `<< /Nums [${nums.join(' ')}] >>`);
  pdf.set(
    treeRoot,
    `<< /Type /StructTreeRoot /K [${refs.get(root)} 0 R] /ParentTree ${parentTree} 0 R` +
      ` /ParentTreeNextKey ${marks.length} >>`,
  );
  return treeRoot;
}
