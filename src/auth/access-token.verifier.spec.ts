import type { ConfigType } from '@nestjs/config';
import { type JWK, SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { supabaseConfig } from '../config/supabase.config';
import {
  AccessTokenVerifier,
  InvalidAccessTokenError,
  trustTtlMs,
} from './access-token.verifier';
import { SigningKeys, SigningKeysUnavailableError } from './signing-keys';

const SECRET = 'unit-test-secret-that-is-at-least-32-chars';
const USER = '5b0c2f7e-8a4d-4e8f-9c1a-2b3c4d5e6f70';
const ISSUER = 'https://project.supabase.test/auth/v1';

interface Claims {
  iss?: string;
  sub?: string;
  aud?: string;
  role?: string;
  email?: string;
}

async function newSigningKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'ES256' };
}

const publicPart = ({ d: _d, ...jwk }: JWK): JWK => jwk;

function claimsOf(claims: Claims, expiresIn: string | number) {
  const {
    iss = ISSUER,
    sub = USER,
    aud = 'authenticated',
    role = 'authenticated',
    ...rest
  } = claims;
  return new SignJWT({ role, ...rest })
    .setIssuer(iss)
    .setSubject(sub)
    .setAudience(aud)
    .setExpirationTime(expiresIn);
}

function hs256(
  claims: Claims = {},
  secret = SECRET,
  expiresIn: string | number = '5m',
) {
  return claimsOf(claims, expiresIn)
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(secret));
}

async function es256(
  key: JWK,
  claims: Claims = {},
  expiresIn: string | number = '5m',
) {
  return claimsOf(claims, expiresIn)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .sign(await importJWK(key, 'ES256'));
}

/** A project's JWKS endpoint whose keys (and whether it answers) a test controls. */
class JwksEndpoint {
  keys: JWK[] = [];
  hang = false;
  requests = 0;
  private server?: Server;

  async start(): Promise<string> {
    const server = createServer((_req, res) => {
      this.requests++;
      if (this.hang) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: this.keys.map(publicPart) }));
    });
    this.server = server;
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth/v1/.well-known/jwks.json`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

describe(AccessTokenVerifier.name, () => {
  const endpoint = new JwksEndpoint();
  let current: JWK;
  let config: ConfigType<typeof supabaseConfig>;
  let keys: SigningKeys;
  let sut: AccessTokenVerifier;

  beforeAll(async () => {
    current = await newSigningKey('key-1');
    config = {
      jwtSecret: SECRET,
      jwtIssuer: ISSUER,
      jwksUrl: await endpoint.start(),
      jwksTimeoutMs: 300,
      jwksRefreshMs: 600_000,
      publicKey: 'sb_publishable_test',
    } as ConfigType<typeof supabaseConfig>;
  });

  beforeEach(() => {
    endpoint.keys = [current];
    endpoint.hang = false;
    endpoint.requests = 0;
    keys = new SigningKeys(config);
    sut = new AccessTokenVerifier(config, keys);
  });

  afterEach(() => {
    keys.onModuleDestroy();
    jest.useRealTimers();
  });
  afterAll(() => endpoint.stop());

  it.each([
    [
      'an ES256 token of the project’s signing key',
      () => es256(current, { email: 'a@b.test' }),
    ],
    ['a legacy HS256 token', () => hs256({ email: 'a@b.test' })],
  ])('accepts %s and returns who it is', async (_case, make) => {
    const raw = await make();
    await expect(sut.verify(raw)).resolves.toEqual({
      id: USER,
      email: 'a@b.test',
      accessToken: raw,
      expiresAt: expect.any(Number) as unknown,
    });
  });

  it.each([
    ['another secret', () => hs256({}, 'x'.repeat(40))],
    [
      'an expired token',
      () => es256(current, {}, Math.floor(Date.now() / 1000) - 10),
    ],
    ['another audience', () => es256(current, { aud: 'anon' })],
    [
      'another issuer',
      () => es256(current, { iss: 'https://other.test/auth/v1' }),
    ],
    ['the anon role', () => es256(current, { role: 'anon' })],
    [
      'a subject that is not a user id',
      () => es256(current, { sub: 'service' }),
    ],
    ['garbage', () => Promise.resolve('a.b.c')],
  ])('refuses %s', async (_case, make) => {
    await expect(sut.verify(await make())).rejects.toBeInstanceOf(
      InvalidAccessTokenError,
    );
  });

  it.each([
    [
      'no expiry',
      () =>
        new SignJWT({ role: 'authenticated' })
          .setIssuer(ISSUER)
          .setSubject(USER)
          .setAudience('authenticated'),
    ],
    [
      'no subject',
      () =>
        new SignJWT({ role: 'authenticated' })
          .setIssuer(ISSUER)
          .setAudience('authenticated')
          .setExpirationTime('5m'),
    ],
  ])('refuses a token with %s', async (_case, build) => {
    const raw = await build()
      .setProtectedHeader({ alg: 'ES256', kid: current.kid })
      .sign(await importJWK(current, 'ES256'));
    await expect(sut.verify(raw)).rejects.toBeInstanceOf(
      InvalidAccessTokenError,
    );
  });

  it('refuses a subject that only contains a user id', async () => {
    await expect(
      sut.verify(await es256(current, { sub: `x${USER}` })),
    ).rejects.toBeInstanceOf(InvalidAccessTokenError);
    await expect(
      sut.verify(await es256(current, { sub: `${USER}x` })),
    ).rejects.toBeInstanceOf(InvalidAccessTokenError);
  });

  it('reports when the token expires, and no email when the claim is not a string', async () => {
    const exp = Math.floor(Date.now() / 1000) + 120;
    const raw = await claimsOf({}, exp)
      .setProtectedHeader({ alg: 'ES256', kid: current.kid })
      .sign(await importJWK(current, 'ES256'));
    await expect(sut.verify(raw)).resolves.toEqual({
      id: USER,
      email: undefined,
      accessToken: raw,
      expiresAt: exp * 1000,
    });
  });

  it('checks a signature once, then trusts the token from memory', async () => {
    const keyFor = jest.spyOn(keys, 'keyFor');
    const raw = await es256(current);
    await sut.verify(raw);
    await sut.verify(raw);
    expect(keyFor).toHaveBeenCalledTimes(1);
  });

  it('refuses a token signed by a key the project does not publish', async () => {
    const stranger = await newSigningKey('key-1');
    await expect(sut.verify(await es256(stranger))).rejects.toBeInstanceOf(
      InvalidAccessTokenError,
    );
  });

  it('refuses an ES256 token turned HS256 and signed with the public key', async () => {
    const { x, y } = current;
    const forged = await claimsOf({}, '5m')
      .setProtectedHeader({ alg: 'HS256', kid: current.kid })
      .sign(
        new TextEncoder().encode(
          JSON.stringify({ crv: 'P-256', kty: 'EC', x, y }),
        ),
      );
    await expect(sut.verify(forged)).rejects.toBeInstanceOf(
      InvalidAccessTokenError,
    );
  });

  it('refuses HS256 tokens when the project has no legacy secret', async () => {
    const modern = new AccessTokenVerifier(
      { ...config, jwtSecret: undefined },
      keys,
    );
    await expect(modern.verify(await hs256())).rejects.toThrow(
      'unsupported signing algorithm',
    );
  });

  it('picks up a key published after start-up, without a restart', async () => {
    await expect(sut.verify(await es256(current))).resolves.toBeDefined();
    const next = await newSigningKey('key-2');
    endpoint.keys = [current, next];
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
      advanceTimers: true,
    });
    jest.setSystemTime(Date.now() + 31_000); // past the cooldown of unknown-kid refreshes
    await expect(sut.verify(await es256(next))).resolves.toMatchObject({
      id: USER,
    });
  });

  it('does not fetch the keys again for every token naming an unknown key', async () => {
    await sut.verify(await es256(current));
    const fetched = endpoint.requests;
    for (let i = 0; i < 5; i++) {
      await expect(
        sut.verify(await es256(await newSigningKey(`forged-${i}`))),
      ).rejects.toBeInstanceOf(InvalidAccessTokenError);
    }
    expect(endpoint.requests - fetched).toBeLessThanOrEqual(1);
  });

  it('answers within the fetch bound when the JWKS endpoint hangs', async () => {
    endpoint.hang = true;
    const started = Date.now();
    await expect(sut.verify(await es256(current))).rejects.toBeInstanceOf(
      SigningKeysUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('keeps verifying with the keys it has while the endpoint hangs', async () => {
    await keys.refresh();
    endpoint.hang = true;
    await expect(sut.verify(await es256(current))).resolves.toMatchObject({
      id: USER,
    });
  });

  it('stops trusting a cached token when it expires', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-26T10:00:00Z') });
    const raw = await hs256({}, SECRET, '2s');
    await expect(sut.verify(raw)).resolves.toMatchObject({ id: USER });
    jest.setSystemTime(new Date('2026-11-26T10:00:01.500Z'));
    await expect(sut.verify(raw)).resolves.toMatchObject({ id: USER });
    // At the very millisecond it expires, it is no longer trusted.
    jest.setSystemTime(new Date('2026-11-26T10:00:02.000Z'));
    await expect(sut.verify(raw)).rejects.toBeInstanceOf(
      InvalidAccessTokenError,
    );
  });
});

describe(trustTtlMs.name, () => {
  it('trusts for the rest of the token life, at most five minutes', () => {
    expect(trustTtlMs(10_000, 0)).toBe(10_000);
    expect(trustTtlMs(1_001, 1_000)).toBe(1);
    expect(trustTtlMs(3_600_000, 0)).toBe(300_000);
  });

  it.each([0.4, 0, -5])(
    'does not cache a token with %d ms left (0 means forever to the cache)',
    (left) => {
      expect(trustTtlMs(1_000 + left, 1_000)).toBeUndefined();
    },
  );
});
