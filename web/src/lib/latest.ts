import { useRef } from 'preact/hooks';

/**
 * The latest of a page's requests of one kind. A page that loads again when its address changes
 * (another year, another dossier) may get the older answer last: taken as it came, the page would
 * show one year's days under another year's heading. Each load asks for a ticket and, when its
 * answer comes, shows it only if no newer load has started since.
 */
export function latestRequests(): () => () => boolean {
  let seq = 0;
  return () => {
    const mine = ++seq;
    return () => mine === seq;
  };
}

/** `latestRequests` kept for the life of a component. */
export function useLatest(): () => () => boolean {
  const ref = useRef<(() => () => boolean) | undefined>(undefined);
  ref.current ??= latestRequests();
  return ref.current;
}
