import type { Role } from './auth.ts';
import { publicRoute, type RouteDef, staffRead, staffRoute } from './route-def.ts';

/** A counter and its figures: for the reception officers, the centre's leaders and administrators. */
const COUNTER_READERS: readonly Role[] = ['RECEPTION_OFFICER', 'CENTRE_LEADER', 'ADMINISTRATOR'];

/**
 * The counter queue: the kiosk, the hall display and the rating tablet need no login; the counter's
 * officer works it.
 */
export const QUEUE_ROUTES: RouteDef[] = [
  publicRoute({
    id: 'QueueLines',
    method: 'GET',
    path: '/queue/lines',
    handler: 'functions/queue/lines.ts',
    access: { table: 'read' },
  }),
  publicRoute({
    id: 'TakeTicket',
    method: 'POST',
    path: '/queue/tickets',
    handler: 'functions/queue/take-ticket.ts',
    access: { table: 'write' },
    // A rush at the kiosk retries for the next number, like a submission's daily sequence.
    timeoutSeconds: 29,
  }),
  publicRoute({
    id: 'GetTicket',
    method: 'GET',
    path: '/queue/tickets/{ticketId}',
    handler: 'functions/queue/get-ticket.ts',
    access: { table: 'read' },
  }),
  publicRoute({
    id: 'QueueDisplay',
    method: 'GET',
    path: '/queue/display',
    handler: 'functions/queue/display.ts',
    access: { table: 'read' },
    memoryMb: 256,
  }),
  publicRoute({
    id: 'CounterRatingTarget',
    method: 'GET',
    path: '/queue/counters/{counterId}/rating',
    handler: 'functions/queue/rating-target.ts',
    access: { table: 'read' },
    memoryMb: 256,
  }),
  publicRoute({
    id: 'RateCounterService',
    method: 'POST',
    path: '/queue/counters/{counterId}/rating',
    handler: 'functions/queue/rate-service.ts',
    access: { table: 'write' },
  }),
  staffRead('GetCounter', '/staff/queue/counters/{counterId}', 'functions/queue/counter.ts', COUNTER_READERS),
  staffRoute({
    id: 'CounterAction',
    roles: ['RECEPTION_OFFICER'],
    method: 'POST',
    path: '/staff/queue/counters/{counterId}/actions',
    handler: 'functions/queue/counter-action.ts',
    access: { table: 'write' },
  }),
  staffRoute({
    id: 'LinkTicketDossier',
    roles: ['RECEPTION_OFFICER'],
    method: 'POST',
    path: '/staff/queue/tickets/{ticketId}/dossier',
    handler: 'functions/queue/link-dossier.ts',
    access: { table: 'write' },
  }),
  staffRead('CounterStats', '/staff/queue/stats', 'functions/queue/stats.ts', COUNTER_READERS),
];
