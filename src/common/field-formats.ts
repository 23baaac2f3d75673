// The formats fields share, each written once for validation and the OpenAPI document alike.

export const UUID_PATTERN =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/**
 * A calendar date, YYYY-MM-DD, from the year 1000 (IsISO8601 strict then checks that the day
 * exists; it refuses years before 100).
 */
export const DATE_PATTERN = '^[1-9]\\d{3}-\\d{2}-\\d{2}$';
/** Longer than any ISO 8601 instant (2026-11-25T02:50:18.757917+05:30 is 32). */
export const ISO_8601_MAX_LENGTH = 40;
