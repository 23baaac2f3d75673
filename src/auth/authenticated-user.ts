/** The caller of a request, as proven by a verified Supabase access token. */
export interface AuthenticatedUser {
  id: string;
  email?: string;
  /** The raw token, passed on to PostgREST so Row Level Security applies to this user. */
  accessToken: string;
  /** When the token expires (ms since the epoch). */
  expiresAt: number;
}
