import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { inRanges, sourceKey } from '../../shared/adapters/rate-limit.ts';
import {
  EDGE_RATE_LIMITS,
  type RateLimitClass,
  rateLimitClassOf,
} from '../../shared/contracts/rate-limits.ts';
import type { RouteDef } from '../../shared/contracts/route-def.ts';
import { problemResponse } from '../../shared/http/problem.ts';

/**
 * A local stand-in for API Gateway HTTP API: turns each request into a payload-format-2.0 event,
 * calls the route's handler in this process, and writes back its result — the same routes (from
 * shared/contracts/routes.ts) and the same handler modules that CDK deploys.
 */
type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

interface CompiledRoute {
  def: RouteDef;
  pattern: RegExp;
  params: string[];
  handler: Handler;
}

/** API Gateway's own payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

const TEXT_TYPES = /^(application\/(json|problem\+json|x-www-form-urlencoded|xml)|text\/)/i;

export interface GatewayOptions {
  host: string;
  port: number;
  routes: RouteDef[];
  root: string;
  /** Local-only control endpoints under `/_local/` (the clock); never part of the route table. */
  control?: (
    method: string,
    url: URL,
    body: Buffer,
    req: IncomingMessage,
  ) => Promise<{ status: number; body: unknown; contentType?: string; headers?: Record<string, string> }>;
  /**
   * API Gateway's JWT authorizer for STAFF routes: the verified claims (already flattened the way
   * API Gateway passes them), or undefined → 401 before any handler runs.
   */
  authorizer?: (token: string) => Promise<Record<string, string | number | boolean> | undefined>;
  /** The API description served at GET /openapi.json (infra/api/openapi.ts). */
  openapi?: () => Promise<unknown>;
  /**
   * The WAF's per-client rate-based rules of the public routes (shared/contracts/rate-limits.ts),
   * applied here as the deployed WAF applies them: per client and class, fixed windows, kiosks
   * exempt where the table says so, exempt sources never counted, on the stack's clock.
   */
  edgeLimits?: { now: () => number; kioskSources: () => string; exemptSources: () => string };
  /**
   * Runs the route's handler somewhere else than in this thread (the stack's handler threads,
   * threads/pool.ts); by default the handler loaded here is called.
   */
  invoke?: (
    def: RouteDef,
    event: APIGatewayProxyEventV2,
    requestId: string,
  ) => Promise<APIGatewayProxyResultV2>;
  /** Called after every request (method, route, status, ms); no query strings, no bodies. */
  onRequest?: (line: { method: string; routeKey: string; status: number; ms: number }) => void;
}

export interface Gateway {
  url: string;
  server: Server;
  close(): Promise<void>;
}

function compile(def: RouteDef, handler: Handler): CompiledRoute {
  const params: string[] = [];
  const source = def.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { def, pattern: new RegExp(`^${source}$`), params, handler };
}

export async function loadRoutes(routes: RouteDef[], root: string): Promise<CompiledRoute[]> {
  return Promise.all(
    routes.map(async (def) => {
      const mod = (await import(pathToFileURL(path.join(root, def.handler)).href)) as Record<string, unknown>;
      const fn = mod[def.exportName ?? 'handler'];
      if (typeof fn !== 'function')
        throw new Error(`${def.handler} exports no ${def.exportName ?? 'handler'}`);
      return compile(def, fn as Handler);
    }),
  );
}

export function lambdaContext(def: RouteDef, requestId: string): Context {
  const deadline = Date.now() + def.timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: `motcua-local-${def.id}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:motcua-local-${def.id}`,
    memoryLimitInMB: String(def.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/motcua-local-${def.id}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'TOO_LARGE'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return 'TOO_LARGE';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function buildEvent(
  req: IncomingMessage,
  route: CompiledRoute,
  match: RegExpExecArray,
  url: URL,
  body: Buffer,
  requestId: string,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const pathParameters: Record<string, string> = {};
  route.params.forEach((name, i) => {
    // API Gateway passes path parameters URL-decoded.
    pathParameters[name] = safeDecode(match[i + 1] ?? '');
  });
  const isText = TEXT_TYPES.test(headers['content-type'] ?? '');
  const now = new Date();
  const routeKey = `${route.def.method} ${route.def.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(req.headers.cookie ? { cookies: req.headers.cookie.split(/;\s*/) } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(route.params.length ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
  'access-control-allow-headers': 'content-type,idempotency-key,x-lookup-secret,authorization',
  'access-control-expose-headers': 'location,retry-after',
  'access-control-max-age': '600',
};

function send(res: ServerResponse, result: APIGatewayProxyResultV2) {
  // Payload 2.0: a non-object result is a 200 JSON body (API Gateway's documented inference).
  const r: APIGatewayProxyStructuredResultV2 =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? result
      : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
  // nosniff on every answer, the gateway's own (404, 413, 401, 500) included.
  const headers: Record<string, string | string[]> = { ...CORS_HEADERS, 'x-content-type-options': 'nosniff' };
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
  if (r.cookies?.length) headers['set-cookie'] = r.cookies;
  const body = r.body === undefined ? '' : r.isBase64Encoded ? Buffer.from(r.body, 'base64') : r.body;
  res.writeHead(r.statusCode ?? 200, headers);
  res.end(body);
}

/** What the edge answers a client over a class's limit (the queue tickets keep their own code). */
const REFUSAL_CODE: Record<RateLimitClass, 'QUEUE_TICKET_LIMIT' | 'RATE_LIMITED'> = {
  lookups: 'RATE_LIMITED',
  submissions: 'RATE_LIMITED',
  queueTickets: 'QUEUE_TICKET_LIMIT',
  ratings: 'RATE_LIMITED',
};

/**
 * The edge's rate-based rule of the route's class: requests per client in a fixed window, the way
 * a WAF rate-based rule counts them (refused requests count too). Undefined when the request passes.
 */
function edgeRefusal(
  limits: NonNullable<GatewayOptions['edgeLimits']>,
  counts: Map<string, number>,
  cls: RateLimitClass,
  source: string,
): APIGatewayProxyStructuredResultV2 | undefined {
  const { requests, windowSeconds, kiosksExempt } = EDGE_RATE_LIMITS[cls];
  if (inRanges(source, limits.exemptSources())) return undefined;
  if (kiosksExempt && inRanges(source, limits.kioskSources())) return undefined;
  const nowSeconds = Math.floor(limits.now() / 1000);
  const window = Math.floor(nowSeconds / windowSeconds);
  const key = `${cls}|${window}|${sourceKey(source)}`;
  const n = (counts.get(key) ?? 0) + 1;
  if (counts.size > 10_000) counts.clear();
  counts.set(key, n);
  if (n <= requests) return undefined;
  const retryAfterSeconds = (window + 1) * windowSeconds - nowSeconds;
  return problemResponse(
    REFUSAL_CODE[cls],
    { extra: { retryAfterSeconds } },
    { 'retry-after': String(retryAfterSeconds) },
  );
}

export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const routes = await loadRoutes(opts.routes, opts.root);
  const edgeCounts = new Map<string, number>();
  const server = createServer(async (req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://local');
    const requestId = randomUUID();
    let status = 500;
    let routeKey = `${req.method} ${url.pathname}`;
    try {
      if (req.method === 'OPTIONS') {
        status = 204;
        res.writeHead(204, CORS_HEADERS).end();
        return;
      }
      if (opts.control && url.pathname.startsWith('/_local/')) {
        const raw = await readBody(req);
        const r = await opts.control(
          req.method ?? 'GET',
          url,
          raw === 'TOO_LARGE' ? Buffer.alloc(0) : raw,
          req,
        );
        status = r.status;
        const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
        send(res, {
          statusCode: r.status,
          headers: { 'content-type': r.contentType ?? 'application/json', ...r.headers },
          body: text,
        });
        return;
      }
      if (opts.openapi && req.method === 'GET' && url.pathname === '/openapi.json') {
        status = 200;
        send(res, {
          statusCode: 200,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(await opts.openapi()),
        });
        return;
      }
      let found: { route: CompiledRoute; match: RegExpExecArray } | undefined;
      for (const route of routes) {
        if (route.def.method !== req.method) continue;
        const match = route.pattern.exec(url.pathname);
        if (match) {
          found = { route, match };
          break;
        }
      }
      if (!found) {
        status = 404;
        send(res, {
          statusCode: 404,
          headers: { 'content-type': 'application/json' },
          body: '{"message":"Not Found"}',
        });
        return;
      }
      routeKey = `${found.route.def.method} ${found.route.def.path}`;
      const limitClass = rateLimitClassOf(found.route.def);
      if (opts.edgeLimits && limitClass) {
        const source = req.socket.remoteAddress ?? '';
        const refused = edgeRefusal(opts.edgeLimits, edgeCounts, limitClass, source);
        if (refused) {
          status = 429;
          send(res, refused);
          return;
        }
      }
      const body = await readBody(req);
      if (body === 'TOO_LARGE') {
        status = 413;
        send(res, {
          statusCode: 413,
          headers: { 'content-type': 'application/json' },
          body: '{"message":"Request Entity Too Large"}',
        });
        return;
      }
      const event = buildEvent(req, found.route, found.match, url, body, requestId);
      if (found.route.def.auth === 'STAFF') {
        // As API Gateway's JWT authorizer: no valid bearer token, no call to the handler.
        const token = /^Bearer (\S+)$/.exec(event.headers.authorization ?? '')?.[1];
        const claims = token && opts.authorizer ? await opts.authorizer(token) : undefined;
        if (!claims) {
          status = 401;
          send(res, {
            statusCode: 401,
            headers: { 'content-type': 'application/json' },
            body: '{"message":"Unauthorized"}',
          });
          return;
        }
        (event.requestContext as unknown as { authorizer: unknown }).authorizer = {
          jwt: { claims, scopes: [] },
        };
      }
      const result = opts.invoke
        ? await opts.invoke(found.route.def, event, requestId)
        : await found.route.handler(event, lambdaContext(found.route.def, requestId));
      status =
        typeof result === 'object' && result && 'statusCode' in result ? (result.statusCode ?? 200) : 200;
      send(res, result);
    } catch {
      // What API Gateway answers when the integration fails.
      status = 500;
      if (!res.headersSent) send(res, { statusCode: 500, body: '{"message":"Internal Server Error"}' });
    } finally {
      opts.onRequest?.({ method: req.method ?? '', routeKey, status, ms: performance.now() - started });
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    url: `http://${opts.host}:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
