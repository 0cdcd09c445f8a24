import { parentPort, workerData } from 'node:worker_threads';
import { setClock } from '../../../shared/adapters/clock.ts';
import { setMetricSink } from '../../../shared/adapters/metrics.ts';
import { ROUTES } from '../../../shared/contracts/routes.ts';
import { lambdaContext, loadRoutes } from '../gateway.ts';
import type { FromThread, Invocation } from './protocol.ts';

/**
 * One handler thread: the route handlers loaded once, as a warm function keeps them, each event
 * answered with its handler's result. The environment is the stack's (shared with the main
 * thread); the clock follows the stack's, read when each request arrived; metric lines go to the
 * stack's sink in the main thread.
 */
const port = parentPort!;
const send = (m: FromThread) => port.postMessage(m);
const routes = new Map(
  (await loadRoutes(ROUTES, (workerData as { root: string }).root)).map((r) => [r.def.id, r]),
);
let base = { stack: Date.now(), here: performance.now() };
setClock({ now: () => base.stack + (performance.now() - base.here) });
setMetricSink((line) => send({ kind: 'metric', line }));

port.on('message', (m: Invocation) => {
  base = { stack: m.now, here: performance.now() };
  const route = routes.get(m.routeId);
  if (!route) {
    send({ kind: 'failed', id: m.id, message: `no route ${m.routeId}` });
    return;
  }
  route
    .handler(m.event, lambdaContext(route.def, m.requestId))
    .then((result) => send({ kind: 'result', id: m.id, result }))
    .catch((err: Error) => send({ kind: 'failed', id: m.id, message: String(err?.message) }));
});
send({ kind: 'ready' });
