/** Injection token of the process-wide service-role Supabase client. */
export const SUPABASE_CLIENT = Symbol('SUPABASE_CLIENT');
