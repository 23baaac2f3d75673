import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { ResponseTooLargeError, createPooledFetch } from './pooled-fetch';

describe(createPooledFetch.name, () => {
  let server: Server;
  let base: string;
  const pool = new Agent();
  const shutdown = new AbortController();
  const tooLarge = jest.fn();
  const sut = createPooledFetch(pool, {
    shutdown: shutdown.signal,
    maxResponseBytes: 64 * 1024,
    onTooLarge: tooLarge,
  });

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/hang') return; // never answers
      if (req.url?.startsWith('/large/')) {
        // An answer streamed in chunks, as long as the path says.
        const total = Number(req.url.slice('/large/'.length));
        res.writeHead(200, { 'content-type': 'application/json' });
        for (let sent = 0; sent < total; sent += 1024) {
          res.write('x'.repeat(Math.min(1024, total - sent)));
        }
        res.end();
        return;
      }
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.writeHead(req.url === '/missing' ? 404 : 200, {
          'content-type': 'application/json',
          'content-range': '0-0/1',
        });
        res.end(
          JSON.stringify({
            method: req.method,
            apikey: req.headers.apikey,
            body,
          }),
        );
      });
    });
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await pool.close();
  });

  it('sends method, Headers and body, and exposes status, headers and text', async () => {
    const res = await sut(`${base}/rest`, {
      method: 'POST',
      headers: new Headers({ apikey: 'k1' }),
      body: '{"a":1}',
    });
    expect(res.ok).toBe(true);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Range')).toBe('0-0/1');
    expect(JSON.parse(await res.text())).toEqual({
      method: 'POST',
      apikey: 'k1',
      body: '{"a":1}',
    });
  });

  it('reports a failing status as not ok', async () => {
    const res = await sut(new URL(`${base}/missing`));
    expect(res.ok).toBe(false);
    expect(res.status).toBe(404);
    expect(res.statusText).toBe('Not Found');
  });

  it('gives up when its signal aborts', async () => {
    const controller = new AbortController();
    const call = sut(`${base}/hang`, { signal: controller.signal });
    controller.abort(new DOMException('enough', 'AbortError'));
    await expect(call).rejects.toThrow();
  });

  it('reads an answer up to the bound', async () => {
    const res = await sut(`${base}/large/${64 * 1024}`);
    expect((await res.text()).length).toBe(64 * 1024);
    expect(tooLarge).not.toHaveBeenCalled();
  });

  it('drops an answer past the bound, and says so', async () => {
    await expect(sut(`${base}/large/${1024 * 1024}`)).rejects.toBeInstanceOf(
      ResponseTooLargeError,
    );
    expect(tooLarge).toHaveBeenCalledWith(
      `${base}/large/${1024 * 1024}`,
      64 * 1024,
    );
  });

  it('aborts calls in flight at shutdown, and refuses later ones', async () => {
    const call = sut(`${base}/hang`);
    shutdown.abort(new DOMException('stopping', 'AbortError'));
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    await expect(sut(`${base}/rest`)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
