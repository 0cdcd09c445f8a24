import fc from 'fast-check';

/**
 * Every property test (fast-check) draws from one fixed seed, so the suite sends the same generated
 * inputs on every run and a failure is reproduced by running it again. `FUZZ_SEED=<n> npm test`
 * explores other inputs; fast-check prints the seed and the shrunk input of any failure.
 */
fc.configureGlobal({ seed: Number(process.env.FUZZ_SEED ?? 20_261_205) });
