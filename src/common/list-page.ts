import { BadRequestException } from '@nestjs/common';
import type { CursorPosition } from './list-cursor';

/** Page mode reaches this many rows deep; deeper pages are for cursors. */
export const MAX_PAGE_OFFSET = 10_000;

/** Where a list request reads: its sort, and page mode (an offset) or cursor mode. */
export interface ListWindow<Column extends string> {
  sortColumn: Column;
  descending: boolean;
  pageMode: boolean;
  offset: number;
  page?: number;
  limit: number;
}

/** Reads the page, cursor and sort of a list request; 400 for both page and cursor, or too deep. */
export function listWindow<Column extends string>(query: {
  page?: number;
  cursor?: string;
  limit: number;
  sort: string;
}): ListWindow<Column> {
  if (query.page !== undefined && query.cursor !== undefined) {
    throw new BadRequestException('use either page or cursor, not both');
  }
  const descending = query.sort.startsWith('-');
  const pageMode = query.cursor === undefined;
  const offset = pageMode ? ((query.page ?? 1) - 1) * query.limit : 0;
  if (offset > MAX_PAGE_OFFSET) {
    throw new BadRequestException(
      `page mode reaches ${MAX_PAGE_OFFSET} rows deep; continue with the cursor in meta.next_cursor`,
    );
  }
  return {
    sortColumn: (descending ? query.sort.slice(1) : query.sort) as Column,
    descending,
    pageMode,
    offset,
    page: query.page,
    limit: query.limit,
  };
}

/**
 * A list's answer: its rows, and the meta of page mode (with the total) or cursor mode. The next
 * cursor, sealed by `seal`, starts after the last row when more follow.
 */
export function listPage<Row extends { id: string }>(
  result: {
    data: Row[];
    has_more: boolean;
    total: number | null;
    total_exact: boolean;
  },
  window: ListWindow<keyof Row & string>,
  seal: (position: CursorPosition) => string,
) {
  const last = result.data.at(-1);
  const nextCursor =
    result.has_more && last
      ? seal({ value: String(last[window.sortColumn]), id: last.id })
      : null;
  return {
    data: result.data,
    meta: window.pageMode
      ? {
          page: window.page ?? 1,
          limit: window.limit,
          total: result.total ?? 0,
          total_exact: result.total_exact,
          next_cursor: nextCursor,
        }
      : { limit: window.limit, next_cursor: nextCursor },
  };
}
