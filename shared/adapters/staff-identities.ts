import type { StaffUser } from '../contracts/admin.ts';

/**
 * The port to staff sign-in identities: Cognito in AWS (staff-users-cognito.ts), the local
 * issuer's store locally (staff-users-local.ts); staff-users.ts chooses one by configuration.
 */
export interface StaffIdentities {
  /** Creates the sign-in identity and returns its stable id (Cognito `sub`) and user name. */
  create(u: { email: string; name: string }): Promise<{ userId: string; username: string }>;
  /** Adds and removes groups (`role-…`, `dept-…`). */
  setGroups(username: string, add: readonly string[], remove: readonly string[]): Promise<void>;
  disable(username: string): Promise<void>;
  /** Signs the user out everywhere (Cognito AdminUserGlobalSignOut: refresh tokens revoked). */
  signOut(username: string): Promise<void>;
  /** Told after a profile changed (the local issuer refreshes its users). */
  changed?(user: StaffUser): void;
}
