import {
  Agent,
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { type ProjectKeys, publicJwks } from '../lib/keys.ts';

// Connection-level headers are the proxy's own business, never forwarded.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

const JWKS_PATH = '/auth/v1/.well-known/jwks.json';

function sendJson(res: ServerResponse, status: number, body: object): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function forwardedHeaders(
  headers: IncomingMessage['headers'],
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

/**
 * The role a request runs as, the way Supabase's gateway decides it: a user's token in
 * `Authorization` stands; otherwise the secret key becomes the service role's JWT, the
 * publishable key the anon role's, and a legacy key (itself a JWT) stands for itself. An API
 * key never reaches PostgREST as a bearer token.
 */
function authorizationFor(
  apikey: string,
  authorization: string | undefined,
  keys: ProjectKeys,
): string {
  if (authorization && !authorization.startsWith('Bearer sb_'))
    return authorization;
  if (apikey === keys.secretKey) return `Bearer ${keys.serviceRoleKey}`;
  if (apikey === keys.publishableKey) return `Bearer ${keys.anonKey}`;
  return `Bearer ${apikey}`;
}

/**
 * Supabase's URL layout in front of PostgREST: `/rest/v1/*` for requests that carry one of the
 * project's API keys as `apikey` (new or legacy), and the project's public signing keys at
 * `/auth/v1/.well-known/jwks.json`.
 */
export function startGateway(options: {
  port: number;
  postgrestUrl: string;
  keys: ProjectKeys;
}): Promise<Server> {
  const upstream = new URL(options.postgrestUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const { keys } = options;
  const apiKeys = new Set([
    keys.publishableKey,
    keys.secretKey,
    keys.anonKey,
    keys.serviceRoleKey,
  ]);
  const jwks = JSON.stringify(publicJwks(keys));

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (url.pathname === JWKS_PATH && req.method === 'GET') {
      res.writeHead(200, {
        'content-type': 'application/json',
        'cache-control': 'public, max-age=600',
      });
      res.end(jwks);
      return;
    }
    if (!url.pathname.startsWith('/rest/v1/') && url.pathname !== '/rest/v1') {
      sendJson(res, 404, { message: 'no route matched' });
      return;
    }
    const apikey =
      req.headers.apikey ?? url.searchParams.get('apikey') ?? undefined;
    if (typeof apikey !== 'string' || !apiKeys.has(apikey)) {
      sendJson(res, 401, { message: 'Invalid API key' });
      return;
    }
    const headers = forwardedHeaders(req.headers);
    headers.authorization = authorizationFor(
      apikey,
      req.headers.authorization,
      keys,
    );
    const path = url.pathname.slice('/rest/v1'.length) || '/';
    const proxied = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: `${path}${url.search}`,
        headers,
        agent,
      },
      (upstreamRes) => {
        res.writeHead(
          upstreamRes.statusCode ?? 502,
          forwardedHeaders(upstreamRes.headers),
        );
        upstreamRes.pipe(res);
        upstreamRes.on('error', () => res.destroy());
      },
    );
    proxied.on('error', () =>
      sendJson(res, 502, { message: 'data API unavailable' }),
    );
    // A client that goes away takes its upstream request with it.
    res.on('close', () => {
      if (!res.writableFinished) proxied.destroy();
    });
    req.pipe(proxied);
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      server.on('close', () => agent.destroy());
      resolve(server);
    });
  });
}
