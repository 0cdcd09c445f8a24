import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getDocumentProxy } from 'unpdf';

/**
 * A tagged PDF read back by pdf.js (unpdf), as a screen reader meets it: the structure tree of each
 * page in reading order, the text each element holds, and every text run that is neither in an
 * element nor an artifact. Used to check the PDF/UA-1 rules a test can check without veraPDF.
 */
export interface TaggedNode {
  role: string;
  /** Depth under the page's tree root (the Document element is 0). */
  depth: number;
  alt?: string;
  /** The text of the marked content the element holds directly or through its descendants. */
  text: string;
}

export interface TaggedPage {
  /** Elements in reading order (depth first). */
  nodes: TaggedNode[];
  /** Text runs outside any structure element and outside any artifact (PDF/UA: none). */
  untagged: string[];
  /** Text runs marked as artifacts. */
  artifacts: string[];
  /** Every text run with where it lies, in points from the page's left edge. */
  runs: { text: string; left: number; right: number }[];
  width: number;
  annotations: { subtype: string; flags: number; fieldType?: string }[];
}

export interface TaggedPdf {
  marked: boolean;
  displayDocTitle: boolean;
  info: Record<string, unknown>;
  /** XMP entries by qualified name (`dc:title`, `pdfuaid:part`). */
  xmp: Record<string, unknown>;
  pages: TaggedPage[];
}

interface StructNode {
  role?: string;
  alt?: string;
  type?: string;
  id?: string;
  children?: StructNode[];
}

type TextItem = {
  str?: string;
  type?: string;
  id?: string | null;
  tag?: string | null;
  transform?: number[];
  width?: number;
};

export async function readTagged(bytes: Uint8Array): Promise<TaggedPdf> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const markInfo = (await pdf.getMarkInfo()) as { Marked?: boolean } | null;
  const prefs = ((await pdf.getViewerPreferences()) ?? {}) as Record<string, unknown>;
  const meta = await pdf.getMetadata();
  // pdf.js's XMP reader: an iterable of entries by qualified name.
  const xmp: Record<string, unknown> = Object.fromEntries(
    (meta.metadata as unknown as Iterable<[string, unknown]> | null) ?? [],
  );
  const pages: TaggedPage[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent({ includeMarkedContent: true });
    // Text of each marked-content id, and runs outside any structure element or artifact.
    const byId = new Map<string, string>();
    const untagged: string[] = [];
    const artifacts: string[] = [];
    const runs: TaggedPage['runs'] = [];
    const open: { id: string | null; tag: string | null }[] = [];
    for (const item of content.items as TextItem[]) {
      if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') {
        open.push({ id: item.id ?? null, tag: item.tag ?? null });
        continue;
      }
      if (item.type === 'endMarkedContent') {
        open.pop();
        continue;
      }
      if (item.str === undefined || item.str === '') continue;
      const left = item.transform![4]!;
      runs.push({ text: item.str, left, right: left + item.width! });
      if (open.some((m) => m.tag === 'Artifact')) artifacts.push(item.str);
      else {
        const id = [...open].reverse().find((m) => m.id)?.id;
        if (id) byId.set(id, (byId.get(id) ?? '') + item.str);
        else untagged.push(item.str);
      }
    }
    const tree = (await page.getStructTree()) as StructNode | null;
    const nodes: TaggedNode[] = [];
    const seen = new Set<string>();
    // An element is listed on the page where it has content (pdf.js also gives a page the
    // ancestors' other children, with no content there); its text is that page's part.
    const walk = (node: StructNode, depth: number): { text: string; content: boolean } => {
      if (node.type === 'content' && node.id) {
        seen.add(node.id);
        return { text: byId.get(node.id) ?? '', content: true };
      }
      if (!node.role) return { text: '', content: false };
      const entry: TaggedNode = { role: node.role, depth, text: '' };
      if (node.alt) entry.alt = node.alt;
      const at = nodes.push(entry) - 1;
      const kids = (node.children ?? []).map((c) => walk(c, depth + 1));
      entry.text = kids
        .map((k) => k.text)
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim();
      const content = kids.some((k) => k.content);
      if (!content) nodes.splice(at, 1);
      return { text: entry.text, content };
    };
    for (const top of tree?.children ?? []) walk(top, 0);
    // Marked content whose id no element of the tree claims is untagged too.
    for (const [id, text] of byId) if (!seen.has(id)) untagged.push(text);
    const annotations = (
      (await page.getAnnotations({ intent: 'any' })) as {
        subtype: string;
        annotationFlags: number;
        fieldType?: string;
      }[]
    ).map((a) => ({
      subtype: a.subtype,
      flags: a.annotationFlags,
      ...(a.fieldType ? { fieldType: a.fieldType } : {}),
    }));
    pages.push({ nodes, untagged, artifacts, runs, width: page.view[2]!, annotations });
  }
  return {
    marked: markInfo?.Marked === true,
    displayDocTitle: prefs.DisplayDocTitle === true,
    info: meta.info as Record<string, unknown>,
    xmp,
    pages,
  };
}

/** `qpdf --check`'s verdict: its exit status and report. */
export function qpdfCheck(bytes: Uint8Array): { status: number | null; report: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-qpdf-'));
  try {
    const file = path.join(dir, 'form.pdf');
    writeFileSync(file, bytes);
    const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    if (r.error) throw r.error;
    return { status: r.status, report: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The fonts of a PDF as qpdf reads them (`qpdf --json`): for each Type0 font, whether it has a
 * ToUnicode map and whether its descendant font's program is embedded (FontFile2).
 */
export function fontsOf(bytes: Uint8Array): { name: string; toUnicode: boolean; embedded: boolean }[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-qpdf-'));
  try {
    const file = path.join(dir, 'form.pdf');
    writeFileSync(file, bytes);
    const r = spawnSync('qpdf', ['--json=2', '--json-key=qpdf', file], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    if (r.error) throw r.error;
    const objects = (
      JSON.parse(r.stdout) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] }
    ).qpdf[1];
    const get = (ref: unknown) => objects[`obj:${String(ref)}`]?.value ?? {};
    return Object.values(objects)
      .map((o) => o.value)
      .filter(
        (v): v is Record<string, unknown> => !!v && v['/Type'] === '/Font' && v['/Subtype'] === '/Type0',
      )
      .map((v) => {
        const cid = get((v['/DescendantFonts'] as unknown[])[0]);
        const descriptor = get(cid['/FontDescriptor']);
        return {
          name: String(v['/BaseFont']),
          toUnicode: v['/ToUnicode'] !== undefined,
          embedded: descriptor['/FontFile2'] !== undefined,
        };
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
