import 'reflect-metadata';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SignCommand } from '@aws-sdk/client-kms';
import * as x509 from '@peculiar/x509';
import { installCertificate } from '../shared/signing/certificates.ts';
import { tlv } from '../shared/signing/cms.ts';
import { kmsClient, signingKeyAlias, signingPublicKey } from '../shared/signing/kms-signer.ts';

/**
 * The certificates of the signing keys (docs/pdf-and-signing.md), with the environment's
 * configuration (AWS credentials, TABLE_NAME, SIGNING_KEY_ALIAS_PREFIX; KMS_ENDPOINT locally):
 *
 *   tsx scripts/signing-certificate.ts csr <owner id> "CN=Sở Tài chính,O=UBND tỉnh Thái Nguyên,C=VN"
 *     prints a PKCS#10 request for the owner's KMS key, signed through KMS (the key never leaves it)
 *   tsx scripts/signing-certificate.ts install <owner id> <certificate.pem> [chain.pem …]
 *     installs the CA's answer, after checking it certifies that same KMS key
 */
const ECDSA_WITH_SHA256 = Uint8Array.from([
  0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
]);

/** CertificationRequest (RFC 2986) for the owner's KMS key, its signature made by KMS. */
export async function certificateRequest(ownerId: string, subject: string): Promise<string> {
  const spki = await signingPublicKey(ownerId);
  const name = new Uint8Array(new x509.Name(subject).toArrayBuffer());
  // version 0, subject, subjectPKInfo, attributes [0] (none)
  const info = tlv(
    0x30,
    Buffer.concat([Uint8Array.of(0x02, 0x01, 0x00), name, spki, Uint8Array.of(0xa0, 0x00)]),
  );
  const digest = createHash('sha256').update(info).digest();
  const out = await kmsClient().send(
    new SignCommand({
      KeyId: signingKeyAlias(ownerId),
      Message: digest,
      MessageType: 'DIGEST',
      SigningAlgorithm: 'ECDSA_SHA_256',
    }),
  );
  const signature = tlv(0x03, Buffer.concat([Uint8Array.of(0), out.Signature!]));
  const der = tlv(0x30, Buffer.concat([info, ECDSA_WITH_SHA256, signature]));
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE REQUEST-----\n${b64.trim()}\n-----END CERTIFICATE REQUEST-----\n`;
}

/** Installs a certificate for the owner's key; refuses one that certifies another key. */
export async function installFor(ownerId: string, certificatePem: string, chainPem: string[], now: Date) {
  const cert = new X509Certificate(certificatePem);
  const onKms = Buffer.from(await signingPublicKey(ownerId));
  const inCert = cert.publicKey.export({ type: 'spki', format: 'der' });
  if (!onKms.equals(inCert)) throw new Error(`the certificate is not for ${signingKeyAlias(ownerId)}`);
  return installCertificate(ownerId, certificatePem, chainPem, now);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [command, ownerId, ...rest] = process.argv.slice(2);
  if (command === 'csr' && ownerId && rest[0])
    process.stdout.write(await certificateRequest(ownerId, rest[0]));
  else if (command === 'install' && ownerId && rest[0]) {
    const read = (f: string) => readFileSync(f, 'utf8');
    const item = await installFor(ownerId, read(rest[0]), rest.slice(1).map(read), new Date());
    console.log(
      `installed for ${ownerId}: ${item.subject.replace(/\n/g, ', ')} (sha256 ${item.fingerprint})`,
    );
  } else {
    console.error(
      'usage: signing-certificate.ts csr <owner> "<subject DN>" | install <owner> <cert.pem> [chain.pem …]',
    );
    process.exit(2);
  }
}
