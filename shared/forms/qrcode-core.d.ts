/**
 * The QR encoder alone (`qrcode/lib/core/qrcode.js`): the package's main entry also loads its PNG,
 * SVG and terminal renderers (with `pngjs`), which the forms do not use — they draw the modules as
 * a vector path. Same `create` as the main entry, typed by @types/qrcode.
 */
declare module 'qrcode/lib/core/qrcode.js' {
  export { create } from 'qrcode';
}
