import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { webSecurityHeaders } from '../config/security-headers.ts';

/**
 * Serves web/ the way S3 + CloudFront will: static files, unknown paths fall back to index.html,
 * and every response carries the security headers CloudFront adds (the one table in
 * infra/config/security-headers.ts).
 */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/** Without named origins, the app may call any loopback port (the local API and S3). */
const LOOPBACK = ['http://127.0.0.1:*', 'http://localhost:*'];

export async function startStaticServer(opts: {
  host: string;
  port: number;
  dir: string;
  /** The local API and S3 origins the app calls (default: every loopback port). */
  origins?: string[];
}) {
  const root = path.resolve(opts.dir);
  const headers = webSecurityHeaders({
    connect: opts.origins ?? LOOPBACK,
    formAction: opts.origins ?? LOOPBACK,
    upgradeInsecureRequests: false,
  });
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    let file = path.resolve(root, `.${safeDecode(url.pathname)}`);
    if (!file.startsWith(root) || url.pathname.endsWith('/')) file = path.join(root, 'index.html');
    try {
      const body = await readFile(file).catch(() => readFile(path.join(root, 'index.html')));
      res
        .writeHead(200, {
          ...headers,
          'content-type': TYPES[path.extname(file)] ?? 'text/html; charset=utf-8',
        })
        .end(body);
    } catch {
      res.writeHead(404, headers).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host, () => resolve()));
  return {
    url: `http://${opts.host}:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
