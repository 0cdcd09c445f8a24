import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The ONE per-dossier workflow definition (ARCHITECTURE.md invariant 2). CDK deploys this file
 * with `DefinitionBody.fromFile` and `definitionSubstitutions`; the local Step Functions engine
 * runs `renderDefinition(...)` of the same file. tests/infra/workflow.test.ts proves the two agree.
 */
export const DEFINITION_PATH = fileURLToPath(new URL('./dossier.asl.json', import.meta.url));

/** `${Name}`: the placeholder syntax of CloudFormation's DefinitionSubstitutions. */
const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** The definition file's text, as CloudFormation receives it. */
export function definitionText(): string {
  return readFileSync(DEFINITION_PATH, 'utf8');
}

/** The definition as written, placeholders included. */
export function loadDefinition(): object {
  return JSON.parse(definitionText()) as object;
}

/** The distinct placeholder names in the definition, in order of first appearance. */
export function placeholders(): string[] {
  return [...new Set([...definitionText().matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

/**
 * The definition with every `${Name}` replaced by `subs[Name]`, as CloudFormation's
 * DefinitionSubstitutions does: plain text replacement, the value inserted as is (so values must
 * be JSON-safe inside a string, which ARNs are). Throws if a placeholder has no value; extra
 * entries are ignored.
 */
export function renderDefinition(subs: Record<string, string>): string {
  const missing = placeholders().filter((name) => !Object.hasOwn(subs, name));
  if (missing.length > 0) {
    throw new Error(`No substitution for ${missing.map((n) => `\${${n}}`).join(', ')} in ${DEFINITION_PATH}`);
  }
  return definitionText().replace(PLACEHOLDER, (_, name: string) => subs[name] as string);
}
