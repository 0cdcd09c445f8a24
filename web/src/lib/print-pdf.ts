/**
 * One-click printing of an official form (01, 02, 03 …): the PDF the API rendered — already A5,
 * so the printer gets the page size from the document — is loaded into a hidden iframe of this
 * page and that frame's print dialog is opened. No new tab, no viewer to close. The blob stays
 * available for a download link, the fallback when a browser cannot print from a frame.
 */
const FRAME_ID = 'print-frame';
const LOAD_TIMEOUT_MS = 15_000;

let current: { frame: HTMLIFrameElement; url: string } | undefined;

/** Removes the previous print frame and frees its blob URL. */
export function clearPrintFrame() {
  if (!current) return;
  current.frame.remove();
  URL.revokeObjectURL(current.url);
  current = undefined;
}

/**
 * Prints `blob` (a PDF) through a hidden iframe; resolves once the print dialog was asked for,
 * rejects if the frame cannot load it or the browser refuses to print it.
 */
export function printPdf(blob: Blob, title: string): Promise<void> {
  clearPrintFrame();
  const url = URL.createObjectURL(blob);
  const frame = document.createElement('iframe');
  frame.id = FRAME_ID;
  // Off-screen rather than display:none, which stops some browsers from printing the frame.
  frame.setAttribute('style', 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.title = title;
  current = { frame, url };
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('print frame did not load')), LOAD_TIMEOUT_MS);
    frame.addEventListener(
      'load',
      () => {
        clearTimeout(timer);
        const win = frame.contentWindow;
        if (!win) {
          reject(new Error('print frame has no window'));
          return;
        }
        try {
          win.focus();
          win.print();
          resolve();
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      },
      { once: true },
    );
    frame.src = url;
    document.body.append(frame);
  });
}

/** Saves `blob` under `fileName` (a PDF already fetched, a report the page made). */
export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
