import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * A submission alone, measured on the local stack of any checkout: `tsx bench/alone.ts stack
 * <repo dir> <seconds> <document KB>`. The stack of `<repo dir>` runs in this process (its own code
 * and node_modules) and one citizen submits, one dossier at a time, from a child process with the
 * same checkout's bench client; this process's CPU time (process.cpuUsage), workflows settled,
 * divided by the acknowledged submissions, is what the stack spent on each. It prints one JSON
 * line: `{ cpuMsPerSubmission, acknowledged }`.
 *
 * The load part runs it on this checkout and on `BENCH_BASELINE_DIR`, a checkout of the code
 * before issue 21, one after the other, so that "half the work" is measured side by side in the
 * same run by the same procedure.
 */
const here = fileURLToPath(import.meta.url);

async function client(repo: string, api: string, seconds: number, kb: number, warmup: number) {
  const { documentBytes, submitOnline } = (await import(
    pathToFileURL(path.join(repo, 'bench/citizen.ts')).href
  )) as typeof import('./citizen.ts');
  const document = documentBytes(kb);
  let acknowledged = 0;
  for (let i = 0; i < warmup; i++) await submitOnline(api, document);
  process.send?.({ warm: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    if ((await submitOnline(api, document)).kind === 'ACKNOWLEDGED') acknowledged++;
  }
  process.send?.({ acknowledged });
}

async function stackSide(repo: string, seconds: number, kb: number) {
  const { startLocalStack } = (await import(
    pathToFileURL(path.join(repo, 'infra/local/stack.ts')).href
  )) as typeof import('../infra/local/stack.ts');
  const stack = await startLocalStack({ resume: false });
  try {
    const child = spawn(
      process.execPath,
      [...process.execArgv, here, 'client', repo, stack.urls.api, String(seconds), String(kb)],
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
    const { acknowledged = 0 } = await message();
    await stack.sfn.settle();
    const used = process.cpuUsage(cpu);
    child.kill();
    process.stdout.write(
      `${JSON.stringify({ cpuMsPerSubmission: (used.user + used.system) / 1000 / Math.max(1, acknowledged), acknowledged })}\n`,
    );
  } finally {
    await stack.stop();
  }
}

/** Runs this script in a new process (its own stack, its own configuration) and reads its answer. */
export function measureAlone(
  repo: string,
  seconds: number,
  kb: number,
): Promise<{ cpuMsPerSubmission: number; acknowledged: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, here, 'stack', repo, String(seconds), String(kb)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
        cwd: repo,
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.once('exit', (code) => {
      const line = out
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{"cpuMsPerSubmission"'));
      if (code === 0 && line) resolve(JSON.parse(line));
      else reject(new Error(`bench/alone.ts on ${repo} exited with ${code}`));
    });
  });
}

if (process.argv[1] === here) {
  const [role, repo = '.', a = '', b = '', c = ''] = process.argv.slice(2);
  if (role === 'client') await client(repo, a, Number(b), Number(c), 20);
  if (role === 'stack') {
    await stackSide(repo, Number(a), Number(b));
    process.exit(0);
  }
}
