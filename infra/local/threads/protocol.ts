import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { MetricLine } from '../../../shared/adapters/metrics.ts';

/** What the main thread sends a handler thread: one API Gateway event for one route's handler. */
export interface Invocation {
  id: number;
  routeId: string;
  event: APIGatewayProxyEventV2;
  requestId: string;
  /** The stack's clock when the request arrived (tests and demos move it; threads follow it). */
  now: number;
}

/** What a handler thread sends back. */
export type FromThread =
  | { kind: 'ready' }
  | { kind: 'result'; id: number; result: APIGatewayProxyResultV2 }
  | { kind: 'failed'; id: number; message: string }
  | { kind: 'metric'; line: MetricLine };
