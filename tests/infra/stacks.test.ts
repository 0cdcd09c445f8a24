import { describe, expect, it } from 'vitest';
import { API_GROUPS, apiGroupOf } from '../../infra/stacks/api-functions-stack.ts';
import { ROUTES } from '../../shared/contracts/routes.ts';
import { buildApp } from './support.ts';

/**
 * Room to grow: CloudFormation refuses a template over 500 resources, and a stack near the limit
 * cannot take the next routes. Every stack of every environment stays under 250 with today's route
 * table, whatever routes are added (the counts come from the synthesized templates).
 */
const CEILING = 250;

describe('stack sizes', () => {
  it.each(['dev', 'prod'] as const)('keeps every stack of %s under 250 resources', (env) => {
    const { t } = buildApp(env);
    const counts = Object.fromEntries(
      Object.entries(t).map(([name, tpl]) => [name, Object.keys(tpl.toJSON().Resources ?? {}).length]),
    );
    const over = Object.entries(counts).filter(([, n]) => n > CEILING);
    expect(over, JSON.stringify(counts)).toEqual([]);
  });

  it('puts every route in exactly one group, each group in its own stack', () => {
    const { stacks } = buildApp('dev');
    for (const route of ROUTES) {
      const group = apiGroupOf(route);
      expect(API_GROUPS).toContain(group);
      expect(stacks[`api${group}`].functions.has(route.id), route.id).toBe(true);
    }
    const total = API_GROUPS.reduce((n, g) => n + stacks[`api${g}`].functions.size, 0);
    expect(total).toBe(ROUTES.length);
  });
});
