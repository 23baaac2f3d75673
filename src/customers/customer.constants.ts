export const CUSTOMER_STATUSES = [
  'lead',
  'prospect',
  'active',
  'inactive',
] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const CUSTOMER_SORTS = [
  'created_at',
  '-created_at',
  'updated_at',
  '-updated_at',
  'name',
  '-name',
] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

/** Field bounds, as the database's check constraints hold them (supabase/migrations). */
export const CUSTOMER_LIMITS = {
  name: 200,
  email: 320,
  phone: 50,
  notes: 10_000,
  tags: 20,
  tag: 50,
} as const;
