/**
 * Posts a file straight to S3 through a presigned POST (the API never carries files): the form
 * fields the API returned first, the file last, with upload progress from XMLHttpRequest (fetch
 * has no upload progress).
 */
export interface PresignedSlot {
  url: string;
  fields: Record<string, string>;
}

export interface UploadHandle {
  done: Promise<void>;
  abort(): void;
}

export class UploadFailed extends Error {
  constructor(readonly status: number) {
    super(`upload failed with status ${status}`);
  }
}

export function postToSlot(
  slot: PresignedSlot,
  file: Blob,
  onProgress: (fraction: number) => void,
): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<void>((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(slot.fields)) form.append(k, v);
    form.append('file', file);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(Math.min(1, e.loaded / e.total));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new UploadFailed(xhr.status));
    };
    xhr.onerror = () => reject(new UploadFailed(0));
    xhr.onabort = () => reject(new UploadFailed(-1));
    xhr.ontimeout = () => reject(new UploadFailed(0));
    xhr.open('POST', slot.url);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
