/** Small statistics helpers for the benchmarks: percentiles over measured durations (ms). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  perSecond: number;
}

export function summarise(durations: number[], wallMs: number): Summary {
  const sorted = [...durations].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    perSecond: (sorted.length / wallMs) * 1000,
  };
}

/** Runs `fn` n times sequentially and returns each duration in ms. */
export async function timeEach(
  n: number,
  fn: (i: number) => Promise<unknown>,
): Promise<{ durations: number[]; wallMs: number }> {
  const durations: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    durations.push(performance.now() - t);
  }
  return { durations, wallMs: performance.now() - start };
}
