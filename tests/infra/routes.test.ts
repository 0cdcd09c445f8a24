import { describe, expect, it } from 'vitest';
import { grantsFor } from '../../infra/stacks/grants.ts';
import { ConfigSchema } from '../../shared/adapters/config.ts';
import type { RouteDef } from '../../shared/contracts/route-def.ts';
import { ROUTES, WORKFLOW_FUNCTIONS } from '../../shared/contracts/routes.ts';
import { buildApp, functionOf, type Resource, templateWith } from './support.ts';

const { t, stacks } = buildApp('dev');

/** Lambda sets these in every function's environment itself. */
const RUNTIME_PROVIDED = new Set(['AWS_REGION']);

/** The keys of the handlers' config schema that have neither a default nor `.optional()`. */
const requiredKeys = Object.entries(ConfigSchema.shape)
  .filter(([, schema]) => !schema.safeParse(undefined).success)
  .map(([key]) => key);

describe('the route table and the synthesized API', () => {
  it('has every route of ROUTES in the API, and no other', () => {
    const keys = (Object.values(t.api.findResources('AWS::ApiGatewayV2::Route')) as Resource[]).map(
      (r) => r.Properties.RouteKey as string,
    );
    expect(keys.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('integrates each route with its own function, which runs the declared handler export', () => {
    const integrations = t.api.findResources('AWS::ApiGatewayV2::Integration') as Record<string, Resource>;
    const routes = Object.values(t.api.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
    for (const route of ROUTES) {
      const r = routes.find((x) => x.Properties.RouteKey === `${route.method} ${route.path}`)!;
      const target = JSON.stringify(r.Properties.Target);
      const integrationId = Object.keys(integrations).find((id) => target.includes(id))!;
      const uri = JSON.stringify(integrations[integrationId]?.Properties.IntegrationUri);
      const [fnId, fn] = functionOf(templateWith(t, route.id), route.id);
      // The route invokes the function's `live` alias (exported by its group's stack), never $LATEST.
      expect(uri, route.id).toMatch(new RegExp(`${route.id}Live[0-9A-F]{8}`));
      expect(fnId, route.id).toMatch(new RegExp(`^${route.id}[0-9A-F]{8}$`));
      expect(fn.Properties.Handler, route.id).toBe(`index.${route.exportName ?? 'handler'}`);
      expect(fn.Properties.MemorySize, route.id).toBe(route.memoryMb);
      expect(fn.Properties.Timeout, route.id).toBe(route.timeoutSeconds);
    }
    expect([...stacks.api.functions.keys()].sort()).toEqual(ROUTES.map((r) => r.id).sort());
  });
});

describe("each function's environment against its config schema", () => {
  it('knows which config keys are required', () => {
    expect(requiredKeys).toEqual(
      expect.arrayContaining(['AWS_REGION', 'TABLE_NAME', 'IDEMPOTENCY_TABLE_NAME', 'DOCUMENTS_BUCKET']),
    );
  });

  const all: [RouteDef, 'api' | 'workflow'][] = [
    ...ROUTES.map((r) => [r, 'api'] as [RouteDef, 'api']),
    ...WORKFLOW_FUNCTIONS.map((r) => [r, 'workflow'] as [RouteDef, 'workflow']),
  ];
  it.each(all.map(([def, where]) => [def.id, def, where] as const))(
    '%s has every required key and a valid configuration',
    (_id, def) => {
      const [, fn] = functionOf(templateWith(t, def.id), def.id);
      const vars = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      for (const key of requiredKeys) {
        if (!RUNTIME_PROVIDED.has(key)) expect(Object.keys(vars), `${def.id} lacks ${key}`).toContain(key);
      }
      // Tokens (imports from other stacks) stand for names and ARNs: parse with stand-ins.
      const env = Object.fromEntries(
        Object.entries(vars).map(([k, v]) => [
          k,
          typeof v === 'string'
            ? v
            : k.endsWith('_ARN')
              ? 'arn:aws:states:ap-southeast-1:1:stateMachine:x'
              : // A dynamic reference to a generated secret (the rate-limit key): a 64-character stand-in.
                JSON.stringify(v).includes('{{resolve:secretsmanager:')
                ? 'k'.repeat(64)
                : 'token',
        ]),
      );
      const parsed = ConfigSchema.safeParse({ ...env, AWS_REGION: 'ap-southeast-1' });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(vars.MAIL_FROM).toBe('mot-cua@example.gov.vn');
      expect(vars.PUBLIC_WEB_URL).toBe('https://form.example');
      expect(vars.POWERTOOLS_SERVICE_NAME).toBe('motcua');
      expect(vars.POWERTOOLS_LOGGER_LOG_EVENT).toBe('false');
      // A function that starts executions must know the state machine.
      if (grantsFor(def).workflow === 'start') expect(vars.STATE_MACHINE_ARN, def.id).toBeDefined();
    },
  );
});
