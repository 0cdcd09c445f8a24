/**
 * The ticket's rating code is given once, when the ticket is taken; the ticket page shows it from
 * this tab's session storage (the kiosk's screen or the citizen's phone), and the slip prints it.
 */
const keyOf = (ticketId: string) => `motcua.ticket.${ticketId}.ratingCode`;

export function rememberRatingCode(ticketId: string, code: string): void {
  try {
    sessionStorage.setItem(keyOf(ticketId), code);
  } catch {
    // Storage refused (private mode): the slip still carries the code.
  }
}

export function rememberedRatingCode(ticketId: string): string | undefined {
  try {
    return sessionStorage.getItem(keyOf(ticketId)) ?? undefined;
  } catch {
    return undefined;
  }
}
