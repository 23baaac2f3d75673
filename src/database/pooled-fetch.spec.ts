import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { createPooledFetch } from './pooled-fetch';

describe(createPooledFetch.name, () => {
  let server: Server;
  let base: string;
  const pool = new Agent();
  const sut = createPooledFetch(pool);

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/hang') return; // never answers
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
});
