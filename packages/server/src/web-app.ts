import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where the built web app is: packages/web/dist, beside this package. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * The web app's pages may run only their own scripts and styles and talk only to this server;
 * the NHS fonts come from assets.nhs.uk. No page may be framed (clickjacking).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' https://assets.nhs.uk",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>atscale</title></head>
<body><h1>atscale</h1><p>The web app has not been built. Run <code>npm run build</code>, or
<code>npm start</code>, which builds it.</p><p>The API is running: see <a href="/docs">/docs</a>.</p></body></html>`;

/**
 * Serves the built single-page app: its files as they are, and index.html for any other page
 * address so the app's own router can show it. Returns a function that answers a page address and says whether it did.
 */
export async function registerWebApp(
  app: FastifyInstance,
  webRoot: string = DEFAULT_WEB_ROOT,
): Promise<(request: FastifyRequest, reply: FastifyReply) => boolean> {
  const index = path.join(webRoot, 'index.html');
  const built = existsSync(index);
  if (built) {
    await app.register(async (files) => {
      files.addHook('onRoute', (route) => {
        route.config = { ...route.config, public: true, webApp: true };
      });
      await files.register(fastifyStatic, { root: webRoot, wildcard: false, index: false });
    });
  }
  const html = built ? await readFile(index, 'utf8') : NOT_BUILT;
  return (request, reply) => {
    const page = request.url.split('?')[0] ?? '/';
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !page.startsWith('/api/') &&
      !page.startsWith('/docs') &&
      !path.extname(page);
    if (!isPage) return false;
    void reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .send(html);
    return true;
  };
}
