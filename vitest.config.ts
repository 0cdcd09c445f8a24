import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each test file runs in its own child process with its own in-memory local stack,
    // so process.env (the handlers' config) never leaks between files.
    pool: 'forks',
    // vitest defaults to one worker less than the CPU count, which is a single worker on a 2-core
    // runner. The files are mostly waiting on local engines and timers, so two run side by side.
    maxWorkers: 2,
    include: ['tests/**/*.test.ts'],
    // Property tests draw from one fixed seed (FUZZ_SEED to explore others).
    setupFiles: ['tests/support/property-seed.ts'],
    // Handlers log through Powertools; tests keep only errors on the console.
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // A budget, not a measure: CDK synths and month-long clock scenarios take tens of seconds on a
    // busy 2-core runner; nothing waits for real time to pass.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
