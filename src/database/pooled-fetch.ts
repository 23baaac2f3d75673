import { STATUS_CODES } from 'node:http';
import { type Dispatcher, request } from 'undici';

type Init = {
  method?: string;
  headers?: HeadersInit;
  body?: BodyInit | null;
  signal?: AbortSignal | null;
};

export interface PooledFetchOptions {
  /** Aborts every call in flight, and every later one at once (shutdown). */
  shutdown: AbortSignal;
  /** An answer longer than this is dropped unread and the call fails. */
  maxResponseBytes: number;
  /** Told when an answer was dropped for its size. */
  onTooLarge?: (url: string, limit: number) => void;
}

/** The data API answered more than this process is willing to hold in memory. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';

  constructor(limit: number) {
    super(`the data API answer is larger than ${limit} bytes`);
  }
}

function plainHeaders(
  headers: HeadersInit | undefined,
): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers || Array.isArray(headers))
    return Object.fromEntries(headers);
  return headers;
}

async function readAtMost(
  body: Dispatcher.ResponseData['body'],
  limit: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) {
      body.destroy();
      throw new ResponseTooLargeError(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length).toString('utf8');
}

/**
 * The part of `fetch` supabase-js uses, on undici's `request` over one connection pool. The
 * WHATWG fetch wraps every body in web streams; on the list path it was the app's largest
 * single cost (bench/README.md). Rows written straight through the data API can be large, so
 * an answer is read only up to a bound. Timeouts are supabase-js' own (`db.timeout`).
 */
export function createPooledFetch(
  pool: Dispatcher,
  options: PooledFetchOptions,
): typeof fetch {
  const pooledFetch = async (input: RequestInfo | URL, init: Init = {}) => {
    const url =
      typeof input === 'string'
        ? input
        : input instanceof URL
          ? input.href
          : input.url;
    const signal = init.signal
      ? AbortSignal.any([init.signal, options.shutdown])
      : options.shutdown;
    const res = await request(url, {
      method: init.method ?? 'GET',
      headers: plainHeaders(init.headers),
      body: init.body as string | undefined,
      signal,
      dispatcher: pool,
    });
    const text = await readAtMost(res.body, options.maxResponseBytes).catch(
      (error: unknown) => {
        if (error instanceof ResponseTooLargeError)
          options.onTooLarge?.(url, options.maxResponseBytes);
        throw error;
      },
    );
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
