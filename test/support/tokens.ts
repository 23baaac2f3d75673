import { SignJWT } from 'jose';

/** A Supabase-style access token for a user, signed with the stack's JWT secret by default. */
export async function accessTokenFor(
  userId: string,
  options: {
    secret?: string;
    expiresIn?: string | number;
    role?: string;
    audience?: string;
  } = {},
): Promise<string> {
  const secret = options.secret ?? process.env.SUPABASE_JWT_SECRET!;
  return new SignJWT({
    role: options.role ?? 'authenticated',
    email: `${userId}@example.test`,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setAudience(options.audience ?? 'authenticated')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(new TextEncoder().encode(secret));
}
