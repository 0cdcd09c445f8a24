import { SHARE_ENV, Worker } from 'node:worker_threads';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { MetricLine } from '../../../shared/adapters/metrics.ts';
import type { FromThread, Invocation } from './protocol.ts';

/**
 * The local stack's API handlers in `size` worker threads instead of the main one (the
 * `handlerThreads` option): closer to Lambda, where each environment runs its own copy of a
 * function, and a way to let the handlers and the engines use more than one core. Each thread loads
 * every route's handler once; a request goes to the thread with the fewest requests in progress.
 * The engines, the gateway and the workflow's task functions stay in the main thread.
 */
export interface HandlerPool {
  invoke(routeId: string, event: APIGatewayProxyEventV2, requestId: string): Promise<APIGatewayProxyResultV2>;
  close(): Promise<void>;
}

export async function startHandlerPool(opts: {
  size: number;
  root: string;
  now: () => number;
  onMetric: (line: MetricLine) => void;
}): Promise<HandlerPool> {
  let nextId = 0;
  const pending = new Map<number, { resolve(r: APIGatewayProxyResultV2): void; reject(e: Error): void }>();
  const threads = await Promise.all(
    Array.from({ length: opts.size }, async () => {
      const worker = new Worker(new URL('./entry.mjs', import.meta.url), {
        env: SHARE_ENV,
        workerData: { root: opts.root },
      });
      const thread = { worker, ids: new Set<number>() };
      // A thread that dies fails its requests (the gateway answers 500) instead of leaving them open.
      worker.on('error', (err) => {
        for (const id of thread.ids) pending.get(id)?.reject(err);
        for (const id of thread.ids) pending.delete(id);
        thread.ids.clear();
      });
      await new Promise<void>((resolve, reject) => {
        worker.once('error', reject);
        worker.on('message', (m: FromThread) => {
          if (m.kind === 'ready') resolve();
          else if (m.kind === 'metric') opts.onMetric(m.line);
          else {
            thread.ids.delete(m.id);
            const p = pending.get(m.id);
            pending.delete(m.id);
            if (m.kind === 'result') p?.resolve(m.result);
            else p?.reject(new Error(m.message));
          }
        });
      });
      return thread;
    }),
  );
  return {
    invoke(routeId, event, requestId) {
      const thread = threads.reduce((a, b) => (b.ids.size < a.ids.size ? b : a));
      const id = nextId++;
      thread.ids.add(id);
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const m: Invocation = { id, routeId, event, requestId, now: opts.now() };
        thread.worker.postMessage(m);
      });
    },
    async close() {
      await Promise.all(threads.map((t) => t.worker.terminate()));
      for (const p of pending.values()) p.reject(new Error('handler threads closed'));
      pending.clear();
    },
  };
}
