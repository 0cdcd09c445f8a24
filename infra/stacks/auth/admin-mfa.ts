import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { roleGroup } from '../../../shared/contracts/auth.ts';

/**
 * Cognito pre-token-generation trigger: MFA for administrators.
 *
 * Cognito cannot require MFA for one group only, so the pool's MFA is OPTIONAL (TOTP) and this
 * trigger withholds the administrator group from the tokens of any administrator who has not set up
 * TOTP. With OPTIONAL MFA, a user who has TOTP enabled is always challenged for it at sign-in, so an
 * administrator claim in a token implies a sign-in with a second factor. Until then the user gets
 * their other groups and the claim `motcua:mfa_setup_required`, which the staff workspace uses to
 * lead them through TOTP set-up. Fails closed: if Cognito cannot be asked, no token is issued.
 */
const ADMIN = roleGroup('ADMINISTRATOR');
const cognito = new CognitoIdentityProviderClient({});

export const handler = async (
  event: PreTokenGenerationTriggerEvent,
): Promise<PreTokenGenerationTriggerEvent> => {
  const groups = event.request.groupConfiguration.groupsToOverride ?? [];
  if (!groups.includes(ADMIN)) return event;
  const user = await cognito.send(
    new AdminGetUserCommand({ UserPoolId: event.userPoolId, Username: event.userName }),
  );
  if (user.UserMFASettingList?.includes('SOFTWARE_TOKEN_MFA')) return event;
  event.response.claimsOverrideDetails = {
    ...event.response.claimsOverrideDetails,
    claimsToAddOrOverride: { 'motcua:mfa_setup_required': 'true' },
    groupOverrideDetails: { groupsToOverride: groups.filter((g) => g !== ADMIN) },
  };
  return event;
};
