// A worker thread of the local stack's handlers (pool.ts). The main thread may run under tsx's
// loader, which a worker does not inherit on Node 20: the worker registers it, then loads the
// TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
