import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each test file runs in its own child process with its own in-memory local stack,
    // so process.env (the handlers' config) never leaks between files.
    pool: 'forks',
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
