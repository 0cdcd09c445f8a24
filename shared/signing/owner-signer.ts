import { DomainError } from '../domain/errors.ts';
import { certificateOf, pemToDer } from './certificates.ts';
import type { KeySigner } from './cms.ts';
import { kmsKeySigner } from './kms-signer.ts';

/**
 * The signer of a department or the centre: its KMS key and the certificate installed for it.
 * Without a certificate nothing is signed: the decision is refused (409) until an administrator
 * installs one (scripts/signing-certificate.ts), rather than issuing an unsigned result.
 */
export async function ownerSigner(ownerId: string): Promise<KeySigner> {
  const cert = await certificateOf(ownerId);
  if (!cert) {
    throw new DomainError('SIGNING_CERTIFICATE_MISSING', 'signing.certificateMissing');
  }
  return kmsKeySigner(ownerId, [pemToDer(cert.certificatePem), ...cert.chainPem.map(pemToDer)]);
}
