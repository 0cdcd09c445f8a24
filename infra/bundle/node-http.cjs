// `node:http` for bundled ESM code, taken without its ESM facade (infra/bundle/options.ts says why).
module.exports = process.getBuiltinModule('node:http');
