import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import { certificateOf, installCertificate } from '../../shared/signing/certificates.ts';
import { signingKeyAlias } from '../../shared/signing/kms-signer.ts';
import { type SigningOwner, signingOwners } from '../../shared/signing/owners.ts';
import type { KmsEngine } from './kms.ts';

/**
 * The local test certificate authority: at first start it makes its own key and self-signed
 * certificate (kept in the local data folder), and issues a certificate to each department's and
 * the centre's signing key in the local KMS. In AWS the certificates come from a real CA
 * (scripts/signing-certificate.ts makes the request through KMS and installs the answer).
 * Test certificates are valid 2020–2045 whatever the local clock says, so tests that move the
 * clock never outlive them.
 */

/** The centre and every department of the seed data (data/departments.json) sign. */
export function localSigningOwners(dataDir: string): SigningOwner[] {
  const { centre, departments } = signingOwners(dataDir);
  return [centre, ...departments];
}

const NOT_BEFORE = new Date('2020-01-01T00:00:00Z');
const NOT_AFTER = new Date('2045-12-31T23:59:59Z');
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** A DN value: commas and the like escaped (department names have none today; a name may). */
const dnValue = (v: string) => v.replace(/([,+"\\<>;=])/g, '\\$1');

async function loadOrCreateCa(dir: string) {
  const keyFile = path.join(dir, 'test-ca-key.pk8');
  const certFile = path.join(dir, 'test-ca.pem');
  if (existsSync(keyFile) && existsSync(certFile)) {
    const cert = new x509.X509Certificate(readFileSync(certFile, 'utf8'));
    const privateKey = await webcrypto.subtle.importKey('pkcs8', readFileSync(keyFile), ALG, false, ['sign']);
    return { cert, privateKey, certFile };
  }
  mkdirSync(dir, { recursive: true });
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Motcua Local Test CA (not for real use),O=motcua local,C=VN',
    notBefore: NOT_BEFORE,
    notAfter: NOT_AFTER,
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  writeFileSync(keyFile, Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)), {
    mode: 0o600,
  });
  writeFileSync(certFile, cert.toString('pem'));
  return { cert, privateKey: keys.privateKey, certFile };
}

/**
 * Makes each owner's key in the local KMS and installs a certificate for it, unless the one on record
 * already certifies that key. Returns the CA certificate's file (what a verifier trusts locally).
 */
export async function issueLocalCertificates(opts: {
  kms: KmsEngine;
  dir: string;
  owners: SigningOwner[];
  now: Date;
}): Promise<{ caFile: string; caPem: string }> {
  const ca = await loadOrCreateCa(opts.dir);
  for (const owner of opts.owners) {
    const spki = opts.kms.ensureKey(signingKeyAlias(owner.id));
    const current = await certificateOf(owner.id);
    if (current) {
      const onRecord = new x509.X509Certificate(current.certificatePem);
      const same = Buffer.from(onRecord.publicKey.rawData).equals(Buffer.from(spki));
      if (same && onRecord.issuer === ca.cert.subject) continue;
    }
    const publicKey = new x509.PublicKey(Uint8Array.from(spki));
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8)))
        .toString('hex')
        .replace(/^[89a-f]/, '1'),
      subject: `CN=${dnValue(owner.name)},O=${dnValue(owner.name)},OU=${dnValue(owner.id)},C=VN`,
      issuer: ca.cert.subject,
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      signingAlgorithm: ALG,
      signingKey: ca.privateKey,
      publicKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
      ],
    });
    await installCertificate(owner.id, cert.toString('pem'), [ca.cert.toString('pem')], opts.now);
  }
  return { caFile: ca.certFile, caPem: ca.cert.toString('pem') };
}
