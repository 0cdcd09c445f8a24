import { useEffect, useRef } from 'preact/hooks';

/**
 * Calls `tick` now and then every `intervalMs` while the page is shown (the hall display, the
 * ticket and the rating tablet poll one cheap endpoint). A slow answer never overlaps the next
 * call, and a hidden tab waits until it is shown again.
 */
export function usePolling(tick: () => Promise<void>, intervalMs: number, active = true) {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      if (stopped) return;
      if (document.visibilityState !== 'hidden') await latest.current().catch(() => undefined);
      if (!stopped) timer = setTimeout(run, intervalMs);
    };
    void run();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [intervalMs, active]);
}
