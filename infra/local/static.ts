import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** Serves web/ the way S3 + CloudFront will: static files, unknown paths fall back to index.html. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

export async function startStaticServer(opts: { host: string; port: number; dir: string }) {
  const root = path.resolve(opts.dir);
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    let file = path.resolve(root, `.${decodeURIComponent(url.pathname)}`);
    if (!file.startsWith(root) || url.pathname.endsWith('/')) file = path.join(root, 'index.html');
    try {
      const body = await readFile(file).catch(() => readFile(path.join(root, 'index.html')));
      res
        .writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'text/html; charset=utf-8' })
        .end(body);
    } catch {
      res.writeHead(404).end();
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
