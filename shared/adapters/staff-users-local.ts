import type { StaffUser } from '../contracts/admin.ts';
import type { StaffIdentities } from './staff-identities.ts';

/**
 * Staff identities on the local stack: the profile item in the table is the whole account (there is
 * no Cognito), and the local issuer (infra/local/auth.ts) listens here so a user created, moved or
 * disabled in the workspace can sign in (or no longer) at once, and after a restart from the table.
 * The user name is the email; the id follows the seeded users' `local-<user name>`.
 */
type Listener = (user: StaffUser) => void;
const listeners = new Set<Listener>();

/** The local issuer subscribes; returns the unsubscribe function. */
export function onLocalStaffUserChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function localIdentities(): StaffIdentities {
  return {
    async create({ email }) {
      return { userId: `local-${email}`, username: email };
    },
    async setGroups() {
      // Groups are derived from the profile's role and unit when the local issuer signs a token.
    },
    async disable() {
      // The profile's `disabled` flag is what the local issuer reads.
    },
    async signOut() {
      // No refresh tokens locally; the profile's `revokedAt` refuses older tokens on every request.
    },
    changed(user) {
      for (const l of listeners) l(user);
    },
  };
}
