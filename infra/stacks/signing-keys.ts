import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { SigningOwner } from '../../shared/signing/owners.ts';
import type { EnvironmentConfig } from '../config/environments.ts';

/** The alias prefix of the signing keys in an environment (SIGNING_KEY_ALIAS_PREFIX). */
export const signingKeyAliasPrefix = (config: EnvironmentConfig) => `alias/motcua-${config.name}-sign-`;

/**
 * The signing keys (docs/pdf-and-signing.md): one asymmetric ECC P-256 key per department (its
 * results) and one for the centre (its forms), SIGN_VERIFY only. The private key never leaves KMS;
 * the functions that sign get kms:Sign on exactly the keys they use (infra/stacks/grants.ts), and
 * the key policy is the account's default (IAM decides). Kept when the stack is deleted: a
 * department's certificate is bound to its key, and signed results stay verifiable without it.
 * Asymmetric keys cannot rotate automatically; a new key means a new certificate (OPERATIONS.md).
 */
export class SigningKeys extends Construct {
  public readonly centre: kms.Key;
  public readonly departments: ReadonlyMap<string, kms.Key>;

  constructor(
    scope: Construct,
    id: string,
    props: { config: EnvironmentConfig; centre: SigningOwner; departments: readonly SigningOwner[] },
  ) {
    super(scope, id);
    const make = (owner: SigningOwner) =>
      new kms.Key(this, `SigningKey${owner.id}`, {
        alias: `${signingKeyAliasPrefix(props.config)}${owner.id}`,
        description: `motcua ${props.config.name}: signing key of ${owner.id} (PAdES signatures)`,
        keySpec: kms.KeySpec.ECC_NIST_P256,
        keyUsage: kms.KeyUsage.SIGN_VERIFY,
        removalPolicy: RemovalPolicy.RETAIN,
        pendingWindow: Duration.days(30),
      });
    this.centre = make(props.centre);
    this.departments = new Map(props.departments.map((d) => [d.id, make(d)]));
  }
}
