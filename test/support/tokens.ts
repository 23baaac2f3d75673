import {
  LOCAL_PROJECT,
  type SigningKey,
  signAccessToken,
} from '../../scripts/lib/keys';

/** The local stack's signing keys: ES256 as local Supabase Auth uses, and the legacy secret. */
export const ES256_KEY: SigningKey = {
  alg: 'ES256',
  jwk: LOCAL_PROJECT.signingKey,
};
export const HS256_KEY: SigningKey = {
  alg: 'HS256',
  secret: LOCAL_PROJECT.jwtSecret,
};

/** A Supabase access token for a user, ES256 with the local signing key unless told otherwise. */
export function accessTokenFor(
  userId: string,
  options: {
    key?: SigningKey;
    expiresAt?: number | string;
    role?: string;
    audience?: string;
    issuer?: string;
    email?: string;
  } = {},
): Promise<string> {
  return signAccessToken(
    {
      userId,
      email: options.email ?? `${userId}@example.test`,
      issuer: options.issuer ?? `${process.env.SUPABASE_URL}/auth/v1`,
      role: options.role,
      audience: options.audience,
      expiresAt: options.expiresAt,
    },
    options.key ?? ES256_KEY,
  );
}
