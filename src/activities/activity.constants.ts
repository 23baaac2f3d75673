/** Entries the database writes when a customer, a deal or a company changes or is merged. */
export const CHANGE_KINDS = [
  'created',
  'updated',
  'deleted',
  'restored',
  'stage_changed',
  'assigned',
  'merged',
] as const;
/** Entries people write. */
export const PERSON_KINDS = [
  'note',
  'call',
  'meeting',
  'email',
  'task',
] as const;
export const ACTIVITY_KINDS = [...CHANGE_KINDS, ...PERSON_KINDS] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export type PersonKind = (typeof PERSON_KINDS)[number];

/** Bounds, as the database's check constraints hold them (supabase/migrations). */
export const ACTIVITY_LIMITS = { body: 10_000 } as const;
