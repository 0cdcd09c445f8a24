import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { perConfig } from '../adapters/clients.ts';
import { config } from '../adapters/config.ts';
import type { KeySigner } from './cms.ts';

/**
 * The signing keys live in AWS KMS (asymmetric ECC_NIST_P256, SIGN_VERIFY): one per department and
 * one for the centre, named by alias. The private key never leaves KMS; we send it the digest of
 * the signed attributes (MessageType DIGEST) and get a DER ECDSA signature back. Locally the same
 * client talks to infra/local/kms.ts.
 */
export const kmsClient = perConfig(
  (cfg) =>
    new KMSClient({
      region: cfg.AWS_REGION,
      ...(cfg.KMS_ENDPOINT ? { endpoint: cfg.KMS_ENDPOINT } : {}),
      maxAttempts: 4,
    }),
);

/** The KMS alias of an owner's signing key (a department's id, or the centre's). */
export const signingKeyAlias = (ownerId: string) => `${config().SIGNING_KEY_ALIAS_PREFIX}${ownerId}`;

export function kmsKeySigner(ownerId: string, certificates: Uint8Array[]): KeySigner {
  return {
    certificates,
    async signDigest(digest) {
      const out = await kmsClient().send(
        new SignCommand({
          KeyId: signingKeyAlias(ownerId),
          Message: digest,
          MessageType: 'DIGEST',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      if (!out.Signature) throw new Error('KMS returned no signature');
      return out.Signature;
    },
  };
}

/** The owner's public key as SubjectPublicKeyInfo DER (for a CSR, and to check an installed certificate). */
export async function signingPublicKey(ownerId: string): Promise<Uint8Array> {
  const out = await kmsClient().send(new GetPublicKeyCommand({ KeyId: signingKeyAlias(ownerId) }));
  if (!out.PublicKey) throw new Error('KMS returned no public key');
  return out.PublicKey;
}
