import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { DomainError } from '../domain/errors.ts';
import type { StaffIdentities } from './staff-identities.ts';

/**
 * Staff identities in the Cognito user pool: exactly the five calls the administration function is
 * granted (AdminCreateUser, AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminDisableUser,
 * AdminUserGlobalSignOut). The
 * pool signs in with email, so the email is the user name; Cognito emails the temporary password.
 */
export interface CognitoSender {
  send(command: object): Promise<unknown>;
}

export function cognitoIdentities(
  userPoolId: string,
  region: string,
  client: CognitoSender = new CognitoIdentityProviderClient({ region }),
): StaffIdentities {
  const send = (command: object) => client.send(command);
  return {
    async create({ email, name }) {
      let out: { User?: { Username?: string; Attributes?: { Name?: string; Value?: string }[] } };
      try {
        out = (await send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: email,
            DesiredDeliveryMediums: ['EMAIL'],
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'email_verified', Value: 'true' },
              { Name: 'name', Value: name },
            ],
          }),
        )) as typeof out;
      } catch (err) {
        if ((err as { name?: string }).name === 'UsernameExistsException')
          throw new DomainError('STAFF_USER_EXISTS', 'staff.emailExists');
        throw err;
      }
      const sub = out.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
      if (!sub) throw new Error('AdminCreateUser returned no sub');
      return { userId: sub, username: out.User?.Username ?? email };
    },
    async setGroups(username, add, remove) {
      for (const GroupName of remove)
        await send(
          new AdminRemoveUserFromGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName }),
        );
      for (const GroupName of add)
        await send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName }));
    },
    async disable(username) {
      await send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: username }));
    },
    async signOut(username) {
      await send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: username }));
    },
  };
}
