import { createHmac } from 'node:crypto';

/** The Supabase CLI's well-known local JWT secret (what `supabase start` uses). */
export const LOCAL_JWT_SECRET =
  'super-secret-jwt-token-with-at-least-32-characters-long';

const base64url = (value: string | Buffer) =>
  Buffer.from(value).toString('base64url');

/** An HS256 JWT; with the local secret these are byte for byte the CLI's demo keys. */
export function signHs256(
  claims: Record<string, unknown>,
  secret: string,
): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret)
    .update(`${header}.${payload}`)
    .digest();
  return `${header}.${payload}.${base64url(signature)}`;
}

export interface ProjectKeys {
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
}

export function projectKeys(jwtSecret = LOCAL_JWT_SECRET): ProjectKeys {
  const key = (role: string) =>
    signHs256({ iss: 'supabase-demo', role, exp: 1983812996 }, jwtSecret);
  return {
    jwtSecret,
    anonKey: key('anon'),
    serviceRoleKey: key('service_role'),
  };
}
