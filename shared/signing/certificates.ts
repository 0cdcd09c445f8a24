import { createHash, X509Certificate } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { clients } from '../adapters/clients.ts';
import { config } from '../adapters/config.ts';

/**
 * The signing certificates of the departments and the centre, stored in the main table: one item
 * per owner (`SIGNER#<owner>`), and one per certificate fingerprint (`SIGNCERT#<sha256>`) so a
 * verifier finds whose certificate a signature carries with one read, never a scan.
 */
export interface SigningCertificate {
  ownerId: string;
  /** The signer's certificate, then its chain (PEM). */
  certificatePem: string;
  chainPem: string[];
  /** SHA-256 of the certificate's DER, hex. */
  fingerprint: string;
  subject: string;
  notAfter: string;
  installedAt: string;
}

const ownerKey = (ownerId: string) => ({ pk: `SIGNER#${ownerId}`, sk: 'CERT' });
const fingerprintKey = (fp: string) => ({ pk: `SIGNCERT#${fp}`, sk: 'META' });

export const fingerprintOf = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');

export function pemToDer(pem: string): Uint8Array {
  return new Uint8Array(new X509Certificate(pem).raw);
}

/** A certificate for an owner's key: stored with its chain; the previous one stays verifiable. */
export async function installCertificate(
  ownerId: string,
  certificatePem: string,
  chainPem: string[],
  now: Date,
): Promise<SigningCertificate> {
  const x = new X509Certificate(certificatePem);
  const item: SigningCertificate = {
    ownerId,
    certificatePem: x.toString(),
    chainPem,
    fingerprint: fingerprintOf(new Uint8Array(x.raw)),
    subject: x.subject,
    notAfter: new Date(x.validTo).toISOString(),
    installedAt: now.toISOString(),
  };
  await clients().doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: config().TABLE_NAME,
            Item: { ...ownerKey(ownerId), entity: 'SigningCertificate', ...item },
          },
        },
        {
          Put: {
            TableName: config().TABLE_NAME,
            Item: { ...fingerprintKey(item.fingerprint), entity: 'SigningCertificateIndex', ...item },
          },
        },
      ],
    }),
  );
  return item;
}

export async function certificateOf(ownerId: string): Promise<SigningCertificate | undefined> {
  const out = await clients().doc.send(
    new GetCommand({ TableName: config().TABLE_NAME, Key: ownerKey(ownerId) }),
  );
  return out.Item as SigningCertificate | undefined;
}

/** Whose certificate this is, if one of ours (any certificate ever installed). */
export async function certificateByFingerprint(fp: string): Promise<SigningCertificate | undefined> {
  const out = await clients().doc.send(
    new GetCommand({ TableName: config().TABLE_NAME, Key: fingerprintKey(fp) }),
  );
  return out.Item as SigningCertificate | undefined;
}
