import { create as createQr } from 'qrcode/lib/core/qrcode.js';

/**
 * A QR code of `url` (error correction M), encoded at once, placed later as filled rectangles
 * `side` points square with its top-left corner at (`left`, `top`): each run of dark modules in a
 * row is one rectangle (rows counted down from the top), `[x, y, width, height]` as the PDF draws.
 */
export function qrCode(
  url: string,
): (left: number, top: number, side: number) => [number, number, number, number][] {
  const qr = createQr(url, { errorCorrectionLevel: 'M' });
  return (left, top, side) => placeRuns(qr.modules, left, top, side);
}

function placeRuns(
  modules: { size: number; get(r: number, c: number): unknown },
  left: number,
  top: number,
  side: number,
): [number, number, number, number][] {
  const n = modules.size;
  const module = side / n;
  const rects: [number, number, number, number][] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; ) {
      if (!modules.get(r, c)) {
        c++;
        continue;
      }
      let run = 0;
      while (c + run < n && modules.get(r, c + run)) run++;
      rects.push([left + c * module, top - (r + 1) * module, run * module, module]);
      c += run;
    }
  }
  return rects;
}
