// The formats fields share, each written once for validation and the OpenAPI document alike.

export const UUID_PATTERN =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/**
 * A calendar date, YYYY-MM-DD, from the year 1000 (IsISO8601 strict then checks that the day
 * exists; it refuses years before 100).
 */
export const DATE_PATTERN = '^[1-9]\\d{3}-\\d{2}-\\d{2}$';
/**
 * Instants from the year 1000 to 9999 in UTC, as the database's check constraints hold due
 * dates (supabase/migrations/20261203000400_parity_gaps.sql).
 */
export const INSTANT_RANGE = {
  from: Date.UTC(1000, 0, 1),
  to: Date.UTC(10000, 0, 1),
} as const;
/** ISO 4217: three capital letters. */
export const CURRENCY_PATTERN = '^[A-Z]{3}$';
/** Longer than any ISO 8601 instant (2026-11-25T02:50:18.757917+05:30 is 32). */
export const ISO_8601_MAX_LENGTH = 40;

/**
 * An integer of the document: every integer names its format and both bounds, so a client knows
 * what it must hold (OWASP API Security Top 10, API4: unrestricted resource consumption).
 */
export function int32(minimum: number, maximum: number) {
  return { type: 'integer', format: 'int32', minimum, maximum } as const;
}

/**
 * A count or a Postgres `bigint` id: an int64 bounded by what a JSON number holds exactly
 * (2^53 - 1), which is as far as JavaScript clients can read it.
 */
export function int64(minimum: number) {
  return {
    type: 'integer',
    format: 'int64',
    minimum,
    maximum: Number.MAX_SAFE_INTEGER,
  } as const;
}

/** The largest value of a Postgres `integer` (int4). */
export const INT4_MAX = 2_147_483_647;
