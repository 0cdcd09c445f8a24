import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as z from 'zod/mini';
import type { RouteDef } from '../../shared/contracts/route-def.ts';
import type { RouteContract } from '../../shared/http/handler.ts';
import { Problem, RESPONSES } from './responses.ts';

/**
 * The API description (OpenAPI 3.1), built from what runs: one operation per entry of the route
 * table (shared/contracts/routes.ts) — the same table CDK deploys and the local gateway serves —
 * with the request schemas each handler enforces (`httpHandler` attaches them) turned into JSON
 * Schema by zod. Served at /openapi.json by the local gateway and published with the web app.
 */
export type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: Record<string, unknown>;
  jsonSchemaDialect: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
  description?: string;
}

interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters?: Parameter[];
  requestBody?: { required: true; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
  security?: Record<string, string[]>[];
  'x-roles'?: readonly string[];
}

const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** JSON Schema of what a client sends (the input side of transforms and defaults). */
export function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

/** Loads each route's handler and reads the schemas it was built with. */
export async function routeContracts(routes: readonly RouteDef[], root: string) {
  const contracts = new Map<string, RouteContract | undefined>();
  for (const def of routes) {
    const mod = (await import(pathToFileURL(path.join(root, def.handler)).href)) as Record<string, unknown>;
    const fn = mod[def.exportName ?? 'handler'] as { contract?: RouteContract } | undefined;
    contracts.set(def.id, fn?.contract);
  }
  return contracts;
}

function objectParameters(schema: z.ZodMiniType | undefined, where: 'path' | 'query'): Parameter[] {
  if (!schema) return [];
  const s = jsonSchema(schema);
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required ?? []) as string[]);
  return Object.entries(props).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema,
  }));
}

const tagOf = (p: string) =>
  p.startsWith('/admin/')
    ? 'Admin'
    : p.startsWith('/staff/queue') || p.startsWith('/queue/')
      ? 'Queue'
      : p.startsWith('/staff/')
        ? 'Staff'
        : 'Public';

export function openApiDocument(
  routes: readonly RouteDef[],
  contracts: ReadonlyMap<string, RouteContract | undefined>,
  opts: { serverUrl?: string; version?: string } = {},
): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const def of routes) {
    const contract = contracts.get(def.id);
    const parameters: Parameter[] = [
      ...objectParameters(contract?.path, 'path'),
      ...objectParameters(contract?.query, 'query'),
    ];
    // Path parameters the handler does not parse are still part of the path.
    for (const m of def.path.matchAll(/\{([^}]+)\}/g)) {
      if (!parameters.some((p) => p.in === 'path' && p.name === m[1]))
        parameters.push({ name: m[1]!, in: 'path', required: true, schema: { type: 'string' } });
    }
    if (contract?.idempotencyKey) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: true,
        schema: { type: 'string', pattern: '^[\\x21-\\x7e]{8,128}$' },
        description:
          'Retries with the same key get the first answer; a key reused with another body is refused.',
      });
    }
    const spec = RESPONSES[def.id];
    const success: Operation['responses'] = spec
      ? {
          [String(spec.status)]: {
            description: spec.description,
            content: {
              [spec.contentType]: {
                schema: spec.schema
                  ? jsonSchema(spec.schema, 'output')
                  : { type: 'string', contentMediaType: spec.contentType },
              },
            },
          },
        }
      : { '2XX': { description: 'Success', content: { 'application/json': { schema: {} } } } };
    const problem = {
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    const security =
      def.auth === 'STAFF'
        ? [{ staffToken: [] }]
        : def.path.startsWith('/lookup/')
          ? [{ lookupSecret: [] }]
          : undefined;
    const op: Operation = {
      operationId: def.id,
      summary: def.id.replace(/([a-z])([A-Z])/g, '$1 $2'),
      tags: [tagOf(def.path)],
      ...(parameters.length ? { parameters } : {}),
      ...(contract?.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(contract.body) } },
            },
          }
        : {}),
      responses: {
        ...success,
        '4XX': { description: 'Refused: problem details with a code', ...problem },
        '5XX': { description: 'Failed or busy: problem details (retry 503 after Retry-After)', ...problem },
      },
      ...(security ? { security } : {}),
      ...(def.roles ? { 'x-roles': def.roles } : {}),
    };
    paths[def.path] ??= {};
    paths[def.path]![def.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Một Cửa — one-stop public service API',
      version: opts.version ?? '0.1.0',
      description:
        'Hệ thống một cửa điện tử: procedures, dossiers, look-up, counter queue, staff work and administration. ' +
        'Errors are RFC 9457 problem details (application/problem+json) with a stable `code`.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    jsonSchemaDialect: DIALECT,
    ...(opts.serverUrl ? { servers: [{ url: opts.serverUrl }] } : {}),
    paths,
    components: {
      schemas: { Problem: jsonSchema(Problem, 'output') },
      securitySchemes: {
        staffToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Cognito ID token of a staff user',
        },
        lookupSecret: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Lookup-Secret',
          description: 'The secret printed with the dossier code',
        },
      },
    },
  };
}

/** The document for the HTTP routes of a route table (the workflow's task function is not one). */
export async function buildOpenApi(
  routes: readonly RouteDef[],
  root: string,
  opts: { serverUrl?: string; version?: string } = {},
): Promise<OpenApiDocument> {
  const http = routes.filter((r) => r.path.startsWith('/'));
  return openApiDocument(http, await routeContracts(http, root), opts);
}
