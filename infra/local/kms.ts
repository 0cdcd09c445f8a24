import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { p256 } from '@noble/curves/nist.js';

/**
 * The local AWS KMS: the few operations of the JSON 1.1 protocol (`X-Amz-Target: TrentService.*`)
 * that signing needs, so the same @aws-sdk/client-kms adapter signs locally and in AWS.
 * `Sign` (ECDSA_SHA_256 over a DIGEST or a RAW message) and `GetPublicKey`, for keys named by alias
 * and kept as PKCS#8 files under `dir` (the local data folder: they survive restarts). Keys are
 * made by the local stack (`ensureKey`) at first start, one per department and one for the centre,
 * as CDK makes them in AWS.
 */
export interface KmsEngine {
  url: string;
  server: Server;
  /** Makes the key of `alias` if it does not exist; returns its public key (SPKI DER). */
  ensureKey(alias: string): Uint8Array;
  close(): Promise<void>;
}

export async function startKms(opts: { host: string; port: number; dir: string }): Promise<KmsEngine> {
  mkdirSync(opts.dir, { recursive: true });
  const fileOf = (alias: string) =>
    path.join(opts.dir, `${alias.replace(/^alias\//, '').replace(/[^\w.-]/g, '_')}.pem`);
  const keyOf = (alias: string): KeyObject | undefined => {
    const f = fileOf(alias);
    return existsSync(f) ? createPrivateKey(readFileSync(f, 'utf8')) : undefined;
  };
  const ensureKey = (alias: string) => {
    let key = keyOf(alias);
    if (!key) {
      const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      writeFileSync(fileOf(alias), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      key = pair.privateKey;
    }
    return new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }));
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      const fail = (type: string, message: string) => reply(400, { __type: type, message });
      const target = String(req.headers['x-amz-target'] ?? '').replace('TrentService.', '');
      let input: Record<string, string>;
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return fail('ValidationException', 'Bad JSON');
      }
      const alias = input.KeyId ?? '';
      const key = keyOf(alias);
      if (!key) return fail('NotFoundException', `Alias ${alias} is not found.`);
      if (target === 'GetPublicKey') {
        return reply(200, {
          KeyId: alias,
          KeySpec: 'ECC_NIST_P256',
          KeyUsage: 'SIGN_VERIFY',
          SigningAlgorithms: ['ECDSA_SHA_256'],
          PublicKey: createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64'),
        });
      }
      if (target === 'Sign') {
        if (input.SigningAlgorithm !== 'ECDSA_SHA_256') {
          return fail('UnsupportedOperationException', 'Only ECDSA_SHA_256 here');
        }
        const message = Buffer.from(input.Message ?? '', 'base64');
        const digest = input.MessageType === 'DIGEST';
        if (digest && message.length !== 32) return fail('ValidationException', 'Digest length must be 32');
        const d = Buffer.from(key.export({ format: 'jwk' }).d!, 'base64url');
        const signature = p256.sign(message, d, { prehash: !digest, format: 'der', lowS: false });
        return reply(200, {
          KeyId: alias,
          SigningAlgorithm: 'ECDSA_SHA_256',
          Signature: Buffer.from(signature).toString('base64'),
        });
      }
      return fail('UnsupportedOperationException', `${target} is not emulated`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    url: `http://${opts.host}:${(server.address() as AddressInfo).port}`,
    server,
    ensureKey,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
