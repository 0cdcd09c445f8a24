import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Submissions on the local stack of any checkout, each measurement in a process of its own:
 * `tsx bench/alone.ts stack <repo dir> <seconds> <document KB> <clients> <handler threads>`. The
 * stack of `<repo dir>` runs in that process (its own code and node_modules, its own
 * configuration) and `<clients>` citizens submit, one dossier at a time each, from a child process
 * with the same checkout's bench client, after 20 submissions to warm up. The stack process's CPU
 * time (process.cpuUsage, every thread), workflows settled, divided by the acknowledged
 * submissions, is what the stack spent on each. It prints one JSON line (`Measured`).
 *
 * The load part runs it on this checkout and on `BENCH_BASELINE_DIR`, a checkout of the code
 * before issue 21, one after the other, so that "half the work" is measured side by side by the
 * same procedure; and with the handlers in worker threads (the stack's `handlerThreads`), 1 client
 * then 40, to see how throughput grows when the handlers and the engines use both cores.
 */
const here = fileURLToPath(import.meta.url);

export interface Measured {
  cpuMsPerSubmission: number;
  acknowledged: number;
  perSecond: number;
}

async function client(repo: string, api: string, seconds: number, kb: number, clients: number) {
  const { documentBytes, submitOnline } = (await import(
    pathToFileURL(path.join(repo, 'bench/citizen.ts')).href
  )) as typeof import('./citizen.ts');
  const document = documentBytes(kb);
  for (let i = 0; i < 20; i++) await submitOnline(api, document);
  process.send?.({ warm: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  let acknowledged = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        if ((await submitOnline(api, document)).kind === 'ACKNOWLEDGED') acknowledged++;
      }
    }),
  );
  process.send?.({ acknowledged, wallMs: performance.now() - started });
}

async function stackSide(repo: string, seconds: number, kb: number, clients: number, threads: number) {
  const { startLocalStack } = (await import(
    pathToFileURL(path.join(repo, 'infra/local/stack.ts')).href
  )) as typeof import('../infra/local/stack.ts');
  const stack = await startLocalStack({ resume: false, ...(threads > 0 ? { handlerThreads: threads } : {}) });
  try {
    const child = spawn(
      process.execPath,
      [
        ...process.execArgv,
        here,
        'client',
        repo,
        stack.urls.api,
        String(seconds),
        String(kb),
        String(clients),
      ],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    const message = () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        child.once('message', (m) => resolve(m as Record<string, number>));
        child.once('exit', (code) => reject(new Error(`bench client exited with ${code}`)));
      });
    await message();
    await stack.sfn.settle();
    const cpu = process.cpuUsage();
    child.send('go');
    const { acknowledged = 0, wallMs = 1 } = await message();
    await stack.sfn.settle();
    const used = process.cpuUsage(cpu);
    child.kill();
    const measured: Measured = {
      cpuMsPerSubmission: (used.user + used.system) / 1000 / Math.max(1, acknowledged),
      acknowledged,
      perSecond: acknowledged / (wallMs / 1000),
    };
    process.stdout.write(`${JSON.stringify(measured)}\n`);
  } finally {
    await stack.stop();
  }
}

/** Runs this script in a new process (its own stack, its own configuration) and reads its answer. */
export function measureSubmissions(
  repo: string,
  opts: { seconds: number; kb: number; clients?: number; threads?: number },
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const args = [opts.seconds, opts.kb, opts.clients ?? 1, opts.threads ?? 0].map(String);
    const child = spawn(process.execPath, [...process.execArgv, here, 'stack', repo, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
      cwd: repo,
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.once('exit', (code) => {
      const line = out
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{"cpuMsPerSubmission"'));
      if (code === 0 && line) resolve(JSON.parse(line) as Measured);
      else reject(new Error(`bench/alone.ts on ${repo} exited with ${code}`));
    });
  });
}

if (process.argv[1] === here) {
  const [role, repo = '.', ...rest] = process.argv.slice(2);
  if (role === 'client') {
    const [api = '', seconds, kb, clients] = rest;
    await client(repo, api, Number(seconds), Number(kb), Number(clients));
  }
  if (role === 'stack') {
    const [seconds, kb, clients, threads] = rest.map(Number);
    await stackSide(repo, seconds ?? 20, kb ?? 20, clients ?? 1, threads ?? 0);
    process.exit(0);
  }
}
