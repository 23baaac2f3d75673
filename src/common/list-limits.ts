// The page sizes and depths of every list, in one table. The query DTOs, the page answers and
// the services read them here; the SQL functions hold the same numbers, and
// test/database/list-contract.e2e-spec.ts holds them to this table.

/** Page mode reaches this many rows deep; deeper pages are for cursors (SQL: private.list_page_tail). */
export const MAX_PAGE_OFFSET = 10_000;

/** The longest cursor a client sends back (the ones this API seals are far shorter). */
export const MAX_CURSOR_LENGTH = 1000;

/**
 * How a list is read: `page` lists take a page number or a cursor and answer page mode with a
 * total; `cursor` lists go on from a cursor only; `top` lists answer their best few, unpaged.
 */
export type ListMode = 'page' | 'cursor' | 'top';

export interface ListLimits {
  mode: ListMode;
  /** Page size when the request names none. */
  default: number;
  /** The largest page size a request may ask for. */
  max: number;
}

/** One line per list: a new list names its limits here. */
export const LIST_LIMITS = {
  customers: { mode: 'page', default: 20, max: 100 },
  deals: { mode: 'page', default: 20, max: 100 },
  /** A workspace's companies, and a company's people and deals. */
  companies: { mode: 'page', default: 20, max: 100 },
  /** The timeline (a workspace's, a customer's, a deal's) and the tasks. */
  activities: { mode: 'cursor', default: 50, max: 100 },
  /** A board column: the board's `per_stage`, and the column's further pages. */
  column: { mode: 'cursor', default: 50, max: 200 },
  /** Candidate duplicate pairs, best first: page mode only (pairs reorder as records change). */
  duplicates: { mode: 'page', default: 20, max: 100 },
  /** The search box: the best few of each kind. */
  search: { mode: 'top', default: 5, max: 20 },
} as const satisfies Record<string, ListLimits>;

export type ListName = keyof typeof LIST_LIMITS;
export type PageListName = {
  [Name in ListName]: (typeof LIST_LIMITS)[Name]['mode'] extends 'page'
    ? Name
    : never;
}[ListName];
