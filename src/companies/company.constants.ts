export const COMPANY_SORTS = [
  'created_at',
  '-created_at',
  'updated_at',
  '-updated_at',
  'name',
  '-name',
] as const;
export type CompanySort = (typeof COMPANY_SORTS)[number];

/** Field bounds, as the database's check constraints hold them (supabase/migrations). */
export const COMPANY_LIMITS = {
  name: 200,
  /** What a client may send: a URL or a host, reduced to its registrable domain. */
  domainInput: 2000,
  domain: 253,
  industry: 100,
  employees: 10_000_000,
  city: 200,
  phone: 50,
  notes: 10_000,
  tags: 20,
  tag: 50,
  /** How many industries or countries one list filter names. */
  industries: 20,
  countries: 50,
} as const;
