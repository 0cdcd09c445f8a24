import type { DocumentRequirement, MimeType } from '../../../shared/contracts/catalogue.ts';
import type { UploadSlot } from '../../../shared/contracts/dossier.ts';
import { checkFile, type FileProblem } from './files.ts';
import { postToSlot, type UploadHandle } from './upload.ts';

/**
 * The state of each document's upload, outside any component so an upload goes on while the
 * citizen moves between steps. One file per requirement: choosing another file replaces it (the
 * API keeps the newest upload that reached storage). A failed upload is retried with a fresh slot.
 */
export type UploadStatus =
  | 'empty'
  | 'checking'
  | 'uploading'
  | 'uploaded'
  | 'failed'
  | 'invalid'
  | 'reselect';

export interface UploadState {
  status: UploadStatus;
  /** 0–1 while uploading. */
  progress: number;
  file?: File;
  fileName?: string;
  size?: number;
  contentType?: MimeType;
  documentId?: string;
  /** What the slot was issued for (the server dossier id, or the dossier code for a supplement). */
  boundTo?: string;
  problem?: FileProblem;
  /** The file is being taken off the draft. */
  removing?: boolean;
  /** Taking it off the draft failed: the file is still there. */
  removeFailed?: boolean;
  /** The name of the file just taken off (announced, then forgotten). */
  removed?: string;
}

export interface UploadedRef {
  documentId: string;
  fileName: string;
  size: number;
  contentType: MimeType;
  boundTo: string;
}

export interface UploadTarget {
  /** The dossier (or code) slots are issued for right now. */
  boundTo(): string | undefined;
  requestSlot(doc: {
    requirementId: string;
    fileName: string;
    contentType: MimeType;
    size: number;
  }): Promise<UploadSlot>;
  onUploaded?(requirementId: string, ref: UploadedRef): void;
  onCleared?(requirementId: string): void;
  /** Takes an uploaded document off the dossier (absent: files cannot be removed here). */
  removeUpload?(documentId: string): Promise<void>;
}

export class UploadStore {
  private states = new Map<string, UploadState>();
  private handles = new Map<string, UploadHandle>();
  private listeners = new Set<(requirementId?: string) => void>();
  /** Bumped on every change, so a component can tell the store moved on. */
  revision = 0;

  constructor(private target: UploadTarget) {}

  setTarget(target: UploadTarget) {
    this.target = target;
  }

  get(requirementId: string): UploadState {
    return this.states.get(requirementId) ?? { status: 'empty', progress: 0 };
  }

  /** Restores a finished upload known from the saved draft (no file in memory). */
  restore(requirementId: string, ref: UploadedRef) {
    if (this.states.has(requirementId)) return;
    this.states.set(requirementId, { status: 'uploaded', progress: 1, ...ref });
  }

  /** An upload that was running when the page was reloaded: its file is gone, ask for it again. */
  markReselect(requirementId: string) {
    this.set(requirementId, { status: 'reselect', progress: 0 });
  }

  subscribe(fn: (requirementId?: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(requirementId: string, s: UploadState) {
    this.states.set(requirementId, s);
    this.revision++;
    for (const l of this.listeners) l(requirementId);
  }

  busy(): boolean {
    return [...this.states.values()].some((s) => s.status === 'uploading' || s.status === 'checking');
  }

  /** Resolves once no upload is running (the submit waits for re-uploads to finish). */
  whenIdle(): Promise<void> {
    if (!this.busy()) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.subscribe(() => {
        if (this.busy()) return;
        off();
        resolve();
      });
    });
  }

  async choose(req: DocumentRequirement, file: File) {
    this.handles.get(req.id)?.abort();
    this.set(req.id, { status: 'checking', progress: 0, file, fileName: file.name, size: file.size });
    const checked = await checkFile(file, req);
    if (!checked.ok) {
      this.set(req.id, {
        status: 'invalid',
        progress: 0,
        fileName: file.name,
        size: file.size,
        problem: checked.problem,
      });
      return;
    }
    await this.upload(req.id, file, checked.contentType);
  }

  async retry(requirementId: string) {
    const s = this.get(requirementId);
    if (s.file && s.contentType) await this.upload(requirementId, s.file, s.contentType);
  }

  /** Whether a chosen file can be taken off again (the online form's "Xoá tệp"). */
  canRemove(): boolean {
    return Boolean(this.target.removeUpload);
  }

  /**
   * Takes the chosen file off: an uploaded one is removed from the draft first (so the submission
   * no longer counts it), then the slot is empty again. A file that never reached the draft (refused
   * in the browser, or failed) is only forgotten. On failure the file stays, with a message.
   */
  async remove(requirementId: string) {
    const s = this.get(requirementId);
    if (s.removing || s.status === 'uploading' || s.status === 'checking') return;
    const onDraft = s.status === 'uploaded' && s.documentId && s.boundTo === this.target.boundTo();
    if (onDraft && this.target.removeUpload) {
      this.set(requirementId, { ...s, removing: true, removeFailed: false });
      try {
        await this.target.removeUpload(s.documentId!);
      } catch {
        this.set(requirementId, { ...s, removing: false, removeFailed: true });
        return;
      }
    }
    this.set(requirementId, { status: 'empty', progress: 0, ...(s.fileName ? { removed: s.fileName } : {}) });
    this.target.onCleared?.(requirementId);
  }

  cancel(requirementId: string) {
    this.handles.get(requirementId)?.abort();
  }

  /**
   * Uploads again, to the current target, every file held in memory that belongs to another one
   * (the answers changed, so a new server draft was made). Returns the requirements whose file is
   * no longer in memory (after a reload): the citizen must choose them again.
   */
  rebind(): string[] {
    const target = this.target.boundTo();
    const lost: string[] = [];
    for (const [id, s] of this.states) {
      if (s.status !== 'uploaded' || s.boundTo === target) continue;
      if (s.file && s.contentType) void this.upload(id, s.file, s.contentType);
      else {
        lost.push(id);
        this.target.onCleared?.(id);
        this.set(id, { status: 'reselect', progress: 0 });
      }
    }
    return lost;
  }

  private async upload(requirementId: string, file: File, contentType: MimeType) {
    const base = { file, fileName: file.name, size: file.size, contentType };
    this.set(requirementId, { status: 'uploading', progress: 0, ...base });
    try {
      const boundTo = this.target.boundTo();
      if (!boundTo) throw new Error('no dossier to upload to');
      const slot = await this.target.requestSlot({
        requirementId,
        fileName: file.name.slice(-200) || 'file',
        contentType,
        size: file.size,
      });
      const handle = postToSlot(slot, file, (p) => {
        const cur = this.get(requirementId);
        if (cur.status === 'uploading' && cur.file === file) this.set(requirementId, { ...cur, progress: p });
      });
      this.handles.set(requirementId, handle);
      await handle.done;
      if (this.get(requirementId).file !== file) return; // replaced meanwhile
      const ref: UploadedRef = {
        documentId: slot.documentId,
        fileName: file.name,
        size: file.size,
        contentType,
        boundTo,
      };
      this.set(requirementId, { status: 'uploaded', progress: 1, ...base, ...ref });
      this.target.onUploaded?.(requirementId, ref);
    } catch {
      if (this.get(requirementId).file !== file) return;
      this.set(requirementId, { status: 'failed', progress: 0, ...base });
    } finally {
      this.handles.delete(requirementId);
    }
  }

  clear() {
    for (const h of this.handles.values()) h.abort();
    this.handles.clear();
    this.states.clear();
    this.revision++;
    for (const l of this.listeners) l();
  }
}
