import { STATUS_CODES } from 'node:http';
import { type Dispatcher, request } from 'undici';

type Init = {
  method?: string;
  headers?: HeadersInit;
  body?: BodyInit | null;
  signal?: AbortSignal | null;
};

function plainHeaders(
  headers: HeadersInit | undefined,
): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers || Array.isArray(headers))
    return Object.fromEntries(headers);
  return headers;
}

/**
 * The part of `fetch` supabase-js uses, on undici's `request` over one connection pool. The
 * WHATWG fetch wraps every body in web streams; on the list path it was the app's largest
 * single cost (bench/README.md).
 */
export function createPooledFetch(pool: Dispatcher): typeof fetch {
  const pooledFetch = async (input: RequestInfo | URL, init: Init = {}) => {
    const url =
      typeof input === 'string'
        ? input
        : input instanceof URL
          ? input.href
          : input.url;
    const res = await request(url, {
      method: init.method ?? 'GET',
      headers: plainHeaders(init.headers),
      body: init.body as string | undefined,
      signal: init.signal ?? undefined,
      dispatcher: pool,
    });
    const text = await res.body.text();
    const header = (name: string) => {
      const value = res.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : (value ?? null);
    };
    return {
      ok: res.statusCode >= 200 && res.statusCode < 300,
      status: res.statusCode,
      statusText: STATUS_CODES[res.statusCode] ?? '',
      headers: { get: header, has: (name: string) => header(name) !== null },
      text: () => Promise.resolve(text),
      json: () => Promise.resolve(JSON.parse(text) as unknown),
    };
  };
  return pooledFetch as unknown as typeof fetch;
}
