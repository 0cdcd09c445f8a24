import { monotonicFactory } from 'ulid';

/**
 * Event ids sort in the order they were made, even within one millisecond, so a dossier's
 * timeline (`EVT#<time>#<id>`) reads in the order things happened.
 */
const ulid = monotonicFactory();
export const newEventId = (): string => ulid();
