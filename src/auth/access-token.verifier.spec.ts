import type { ConfigType } from '@nestjs/config';
import { SignJWT } from 'jose';
import type { supabaseConfig } from '../config/supabase.config';
import {
  AccessTokenVerifier,
  InvalidAccessTokenError,
} from './access-token.verifier';

const SECRET = 'unit-test-secret-that-is-at-least-32-chars';
const USER = '5b0c2f7e-8a4d-4e8f-9c1a-2b3c4d5e6f70';

interface Claims {
  sub?: string;
  aud?: string;
  role?: string;
  email?: string;
}

function token(
  claims: Claims = {},
  secret = SECRET,
  expiresIn: string | number = '5m',
) {
  const {
    sub = USER,
    aud = 'authenticated',
    role = 'authenticated',
    ...rest
  } = claims;
  return new SignJWT({ role, ...rest })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setAudience(aud)
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

describe(AccessTokenVerifier.name, () => {
  const sut = new AccessTokenVerifier({ jwtSecret: SECRET } as ConfigType<
    typeof supabaseConfig
  >);

  it('accepts a signed-in user’s token and returns who it is', async () => {
    const raw = await token({ email: 'a@b.test' });
    await expect(sut.verify(raw)).resolves.toEqual({
      id: USER,
      email: 'a@b.test',
      accessToken: raw,
      expiresAt: expect.any(Number) as unknown,
    });
  });

  it.each([
    ['another secret', () => token({}, 'x'.repeat(40))],
    [
      'an expired token',
      () => token({}, SECRET, Math.floor(Date.now() / 1000) - 10),
    ],
    ['another audience', () => token({ aud: 'anon' })],
    ['the anon role', () => token({ role: 'anon' })],
    ['a subject that is not a user id', () => token({ sub: 'service' })],
    ['garbage', () => Promise.resolve('a.b.c')],
  ])('refuses %s', async (_case, make) => {
    await expect(sut.verify(await make())).rejects.toBeInstanceOf(
      InvalidAccessTokenError,
    );
  });
});
