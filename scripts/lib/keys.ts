// A Supabase project's keys, and the one way to sign its tokens. Shared by scripts/, bench/ and
// test/ (ESM here, CommonJS under Jest): no relative imports but the JSON of the local keys.
import { randomBytes } from 'node:crypto';
import { type JWK, SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';
import LOCAL from '../../src/config/local-supabase.json' with { type: 'json' };

/** What signs a project's tokens: the legacy shared secret, or an asymmetric signing key. */
export type SigningKey =
  { alg: 'HS256'; secret: string } | { alg: 'ES256'; jwk: JWK };

export interface AccessTokenOptions {
  userId: string;
  email?: string;
  /** `<SUPABASE_URL>/auth/v1`, as Supabase Auth writes it. */
  issuer: string;
  role?: string;
  audience?: string;
  /** Seconds since the epoch, or a jose span such as '1h'; default one hour. */
  expiresAt?: number | string;
}

/** The private key of a JWK (which may also list `verify`, which WebCrypto refuses on it). */
function signingKeyOf(jwk: JWK) {
  const { key_ops: _ops, ...privateJwk } = jwk;
  return importJWK(privateJwk, 'ES256');
}

async function sign(jwt: SignJWT, key: SigningKey): Promise<string> {
  if (key.alg === 'HS256') {
    return jwt
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(key.secret));
  }
  return jwt
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: key.jwk.kid })
    .sign(await signingKeyOf(key.jwk));
}

/** Signs `claims` as they are (no defaults), with the key's algorithm and kid. */
export function signJwt(
  claims: Record<string, unknown>,
  key: SigningKey,
): Promise<string> {
  return sign(new SignJWT(claims), key);
}

/** An access token as Supabase Auth issues it to a signed-in user. */
export function signAccessToken(
  options: AccessTokenOptions,
  key: SigningKey,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({
    email: options.email,
    role: options.role ?? 'authenticated',
  })
    .setIssuer(options.issuer)
    .setSubject(options.userId)
    .setAudience(options.audience ?? 'authenticated')
    .setIssuedAt(now)
    .setExpirationTime(options.expiresAt ?? now + 3600);
  return sign(jwt, key);
}

/** A Supabase project's keys, new and legacy, as `supabase start` of CLI 3.x has them. */
export interface ProjectKeys {
  /** Public API key (`sb_publishable_…`): the gateway runs it as `anon`. */
  publishableKey: string;
  /** Server-side API key (`sb_secret_…`): the gateway runs it as `service_role`. */
  secretKey: string;
  /** Legacy API keys: HS256 JWTs of the roles, signed with the legacy secret. */
  anonKey: string;
  serviceRoleKey: string;
  /** Legacy shared secret of HS256 access tokens. */
  jwtSecret: string;
  /** The asymmetric key that signs access tokens (ES256, private part included). */
  signingKey: JWK;
  /** The password of the live stream's login (role crm_live_feed), which the stack gives it. */
  liveFeedPassword: string;
}

/** The CLI's well-known local development project (src/config/local-supabase.json). */
export const LOCAL_PROJECT: ProjectKeys = {
  publishableKey: LOCAL.publishableKey,
  secretKey: LOCAL.secretKey,
  anonKey: LOCAL.anonKey,
  serviceRoleKey: LOCAL.serviceRoleKey,
  jwtSecret: LOCAL.jwtSecret,
  signingKey: LOCAL.signingKey,
  liveFeedPassword: decodeURIComponent(new URL(LOCAL.databaseUrl).password),
};

/** Legacy role keys exactly as the CLI signs them: `{iss, role, exp}` with the secret. */
export function legacyRoleKey(
  role: string,
  jwtSecret: string,
): Promise<string> {
  return signJwt(
    { iss: 'supabase-demo', role, exp: 1983812996 },
    { alg: 'HS256', secret: jwtSecret },
  );
}

/** A project of its own (fresh random keys), for runs that must not use the well-known ones. */
export async function newProjectKeys(): Promise<ProjectKeys> {
  const jwtSecret = randomBytes(32).toString('hex');
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const token = () => randomBytes(24).toString('base64url');
  return {
    publishableKey: `sb_publishable_${token()}`,
    secretKey: `sb_secret_${token()}`,
    anonKey: await legacyRoleKey('anon', jwtSecret),
    serviceRoleKey: await legacyRoleKey('service_role', jwtSecret),
    jwtSecret,
    signingKey: {
      ...(await exportJWK(privateKey)),
      kid: randomBytes(16).toString('hex'),
      alg: 'ES256',
      use: 'sig',
    },
    liveFeedPassword: token(),
  };
}

/** The public half of the signing key, as `/auth/v1/.well-known/jwks.json` serves it. */
export function publicJwks(keys: ProjectKeys): { keys: JWK[] } {
  const { d: _private, key_ops: _ops, ...publicPart } = keys.signingKey;
  return { keys: [{ ...publicPart, key_ops: ['verify'] }] };
}

/** What PostgREST verifies tokens with: the signing key's public half and the legacy secret. */
export function postgrestJwks(keys: ProjectKeys): { keys: JWK[] } {
  return {
    keys: [
      ...publicJwks(keys).keys,
      {
        kty: 'oct',
        k: Buffer.from(keys.jwtSecret).toString('base64url'),
      },
    ],
  };
}
