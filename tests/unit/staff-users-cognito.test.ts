import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { type CognitoSender, cognitoIdentities } from '../../shared/adapters/staff-users-cognito.ts';
import { DomainError } from '../../shared/domain/errors.ts';

/**
 * The Cognito side of staff-user administration. No local Cognito exists, so the SDK client is
 * replaced by a recorder that answers like the service; the adapter's commands are the real ones.
 */
function recorder(answer: (command: object) => unknown = () => ({})) {
  const sent: object[] = [];
  const client: CognitoSender = {
    async send(command) {
      sent.push(command);
      return answer(command);
    },
  };
  return { sent, client };
}

const POOL = 'ap-southeast-1_AbCdEf123';

describe('Cognito staff identities', () => {
  it('creates the user with the email as user name and returns its sub', async () => {
    const { sent, client } = recorder((c) =>
      c instanceof AdminCreateUserCommand
        ? {
            User: {
              Username: 'a1b2-uuid',
              Attributes: [
                { Name: 'email', Value: 'can.bo@stc.gov.vn' },
                { Name: 'sub', Value: '7f3e0c1a-0000-4000-8000-000000000001' },
              ],
            },
          }
        : {},
    );
    const ids = cognitoIdentities(POOL, 'ap-southeast-1', client);
    const out = await ids.create({ email: 'can.bo@stc.gov.vn', name: 'Nguyễn Văn Cán Bộ' });
    expect(out).toEqual({ userId: '7f3e0c1a-0000-4000-8000-000000000001', username: 'a1b2-uuid' });
    expect(sent).toHaveLength(1);
    const input = (sent[0] as AdminCreateUserCommand).input;
    expect(input).toMatchObject({
      UserPoolId: POOL,
      Username: 'can.bo@stc.gov.vn',
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(input.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'email', Value: 'can.bo@stc.gov.vn' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Nguyễn Văn Cán Bộ' },
      ]),
    );
  });

  it('answers an existing email with STAFF_USER_EXISTS and passes other errors on', async () => {
    const exists = recorder(() => {
      throw Object.assign(new Error('User account already exists'), { name: 'UsernameExistsException' });
    });
    const err = await cognitoIdentities(POOL, 'ap-southeast-1', exists.client)
      .create({ email: 'a@b.vn', name: 'A B' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('STAFF_USER_EXISTS');

    const throttled = recorder(() => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    });
    await expect(
      cognitoIdentities(POOL, 'ap-southeast-1', throttled.client).create({ email: 'a@b.vn', name: 'A B' }),
    ).rejects.toMatchObject({ name: 'TooManyRequestsException' });
  });

  it('moves groups (removals first), disables the user and signs them out everywhere', async () => {
    const { sent, client } = recorder();
    const ids = cognitoIdentities(POOL, 'ap-southeast-1', client);
    await ids.setGroups('u-1', ['role-department-head', 'dept-SXD'], ['role-department-officer', 'dept-STC']);
    await ids.disable('u-1');
    await ids.signOut('u-1');
    expect(
      sent.map((c) => [c.constructor.name, (c as { input: { GroupName?: string } }).input.GroupName]),
    ).toEqual([
      [AdminRemoveUserFromGroupCommand.name, 'role-department-officer'],
      [AdminRemoveUserFromGroupCommand.name, 'dept-STC'],
      [AdminAddUserToGroupCommand.name, 'role-department-head'],
      [AdminAddUserToGroupCommand.name, 'dept-SXD'],
      [AdminDisableUserCommand.name, undefined],
      [AdminUserGlobalSignOutCommand.name, undefined],
    ]);
    for (const c of sent)
      expect((c as { input: { UserPoolId: string; Username: string } }).input).toMatchObject({
        UserPoolId: POOL,
        Username: 'u-1',
      });
  });
});
