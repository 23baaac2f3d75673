import { Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { supabaseConfig } from '../config/supabase.config';
import { SigningKeys, SigningKeysUnavailableError } from './signing-keys';

const KEY = {
  kty: 'EC',
  crv: 'P-256',
  alg: 'ES256',
  kid: 'k1',
  x: 'M5Sjqn5zwC9Kl1zVfUUGvv9boQjCGd45G8sdopBExB4',
  y: 'P6IXMvA2WYXSHSOMTBH2jsw_9rrzGy89FjPf6oOsIxQ',
};

describe(SigningKeys.name, () => {
  let server: Server;
  let url: string;
  let answer: { status: number; body: string };
  let seen: IncomingHttpHeaders[];
  let sut: SigningKeys;
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;

  const config = (refreshMs = 600_000) =>
    ({
      jwksUrl: url,
      jwksTimeoutMs: 500,
      jwksRefreshMs: refreshMs,
      publicKey: 'sb_publishable_unit',
    }) as ConfigType<typeof supabaseConfig>;
  const header = { alg: 'ES256', kid: 'k1' };
  const token = { payload: '', signature: '', protected: '' };

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });

  beforeEach(() => {
    answer = { status: 200, body: JSON.stringify({ keys: [KEY] }) };
    seen = [];
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation();
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation();
  });

  afterEach(() => {
    sut?.onModuleDestroy();
    jest.restoreAllMocks();
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('fetches the keys once, with the publishable key, and resolves a token header from them', async () => {
    sut = new SigningKeys(config());
    await expect(sut.keyFor(header, token)).resolves.toBeDefined();
    await sut.keyFor(header, token);
    expect(seen).toHaveLength(1);
    expect(seen[0].apikey).toBe('sb_publishable_unit');
  });

  it.each([
    ['an error status', 500, JSON.stringify({ keys: [KEY] })],
    ['a body without keys', 200, JSON.stringify({ nope: [] })],
    ['a body that is not JSON', 200, '<html>'],
  ])('has no keys after %s, and says so once', async (_case, status, body) => {
    answer = { status, body };
    sut = new SigningKeys(config());
    await expect(sut.keyFor(header, token)).rejects.toBeInstanceOf(
      SigningKeysUnavailableError,
    );
    await expect(sut.refresh()).resolves.toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String((warn.mock.calls[0] as unknown[])[0])).toContain(
      `Signing keys not fetched from ${url}`,
    );
  });

  it('says when the keys are back', async () => {
    answer = { status: 503, body: '' };
    sut = new SigningKeys(config());
    await sut.refresh();
    answer = { status: 200, body: JSON.stringify({ keys: [KEY] }) };
    await expect(sut.refresh()).resolves.toBe(true);
    expect(log).toHaveBeenCalledWith('Signing keys fetched again');
    await sut.refresh();
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('fetches at start-up and again in the background, until it is stopped', async () => {
    sut = new SigningKeys(config(100));
    sut.onModuleInit();
    await sleep(350);
    const fetched = seen.length;
    expect(fetched).toBeGreaterThanOrEqual(3);
    sut.onModuleDestroy();
    await sleep(250);
    expect(seen.length).toBe(fetched);
  });
});
