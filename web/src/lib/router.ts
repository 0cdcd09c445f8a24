/**
 * A small history-API router: real paths (/procedures/2.001610) so links can be shared and
 * bookmarked; the static host answers unknown paths with index.html. After every navigation the
 * page's h1 takes the focus, so a screen reader announces the new page (done by the layout).
 */
export interface Location {
  path: string;
  query: URLSearchParams;
  /** The fragment without `#`; the look-up page reads the QR code's code and secret from it. */
  hash: string;
}

type Listener = (loc: Location) => void;
const listeners = new Set<Listener>();

export function currentLocation(): Location {
  return {
    path: decodeURI(window.location.pathname).replace(/\/+$/, '') || '/',
    query: new URLSearchParams(window.location.search),
    hash: window.location.hash.replace(/^#/, ''),
  };
}

/** Set on navigation: the next page heading to mount takes the focus (a first load keeps it). */
let focusHeading = false;
export function takeHeadingFocus(): boolean {
  const v = focusHeading;
  focusHeading = false;
  return v;
}

function emit() {
  focusHeading = true;
  const loc = currentLocation();
  for (const l of listeners) l(loc);
}

export function navigate(to: string, opts: { replace?: boolean } = {}) {
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.scrollTo(0, 0);
  emit();
}

export function onNavigate(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Same-origin link clicks become router navigations; anything special goes to the browser. */
export function startRouter() {
  window.addEventListener('popstate', emit);
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const href = a.getAttribute('href');
    if (!href || href.startsWith('#') || href.startsWith('blob:')) return;
    const url = new URL(a.href, window.location.href);
    if (url.origin !== window.location.origin) return;
    e.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
}
