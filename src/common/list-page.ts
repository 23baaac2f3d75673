import { BadRequestException } from '@nestjs/common';
import type { CursorPosition } from './list-cursor';
import {
  LIST_LIMITS,
  type ListName,
  MAX_PAGE_OFFSET,
  type PageListName,
} from './list-limits';
import type { ListPage } from './list-page.dto';
import type { CursorQueryFields, PageQueryFields } from './list-query.dto';

/** Where a list request reads: its page size, and page mode (an offset) or cursor mode. */
export interface PageWindow {
  pageMode: boolean;
  offset: number;
  page?: number;
  limit: number;
}

/** A sorted list's window: also its sort column and direction. */
export interface ListWindow<Column extends string> extends PageWindow {
  sortColumn: Column;
  descending: boolean;
}

/** The page size a request asked for, or its list's default. */
export function pageSize(list: ListName, limit: number | undefined): number {
  return limit ?? LIST_LIMITS[list].default;
}

/**
 * Reads the page, cursor, size and sort of a page list's request; 400 for both page and cursor,
 * or too deep.
 */
export function listWindow<Column extends string>(
  list: PageListName,
  query: PageQueryFields & { sort: string },
): ListWindow<Column> {
  if (query.page !== undefined && query.cursor !== undefined) {
    throw new BadRequestException('use either page or cursor, not both');
  }
  const limit = pageSize(list, query.limit);
  const descending = query.sort.startsWith('-');
  const pageMode = query.cursor === undefined;
  const offset = pageMode ? ((query.page ?? 1) - 1) * limit : 0;
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
    limit,
  };
}

/**
 * Where a page list's database function reads, whatever the list: its window, the cursor's
 * position and whether to count the total (private.list_page_tail). A list's query adds its
 * filters to this.
 */
export interface ListRead<Column extends string> {
  sortColumn: Column;
  descending: boolean;
  limit: number;
  offset: number;
  after?: CursorPosition;
  withTotal: boolean;
}

/** The paging arguments of every page list function, as the functions name them. */
export function pagingArgs(read: ListRead<string>) {
  return {
    p_sort: read.sortColumn,
    p_descending: read.descending,
    p_after_value: read.after?.value,
    p_after_id: read.after?.id,
    p_limit: read.limit,
    p_offset: read.offset,
    p_with_total: read.withTotal,
  };
}

/** A cursor-only list's window: its page size. */
export function cursorWindow(
  list: ListName,
  query: CursorQueryFields,
): PageWindow {
  return { pageMode: false, offset: 0, limit: pageSize(list, query.limit) };
}

/** What a cursor list's function in the database answers: a page, and whether more follow. */
export interface CursorResult<Row> {
  data: Row[];
  has_more: boolean;
}

/** A page list's function answers the total too, in page mode (private.list_page_tail). */
export interface PageResult<Row> extends CursorResult<Row> {
  total: number | null;
  total_exact: boolean;
}

/** A cursor list's answer: its rows, and the cursor from `cursorAfter` of the last row when more follow. */
export function cursorPage<Row>(
  result: CursorResult<Row>,
  window: PageWindow,
  cursorAfter: (last: Row) => string,
): ListPage<Row, 'cursor'> {
  const last = result.data.at(-1);
  return {
    data: result.data,
    meta: {
      limit: window.limit,
      next_cursor: result.has_more && last ? cursorAfter(last) : null,
    },
  };
}

/**
 * A page list's answer: its rows, and the meta of page mode (with the total) or cursor mode. The
 * next cursor, sealed by `seal`, starts after the last row when more follow.
 */
export function listPage<Row extends { id: string }>(
  result: PageResult<Row>,
  window: ListWindow<keyof Row & string>,
  seal: (position: CursorPosition) => string,
): ListPage<Row> {
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
