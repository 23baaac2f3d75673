import type { Type } from '@nestjs/common';
import { IntegerQuery, TextQuery } from './query-fields';
import {
  LIST_LIMITS,
  type ListName,
  MAX_CURSOR_LENGTH,
  MAX_PAGE_OFFSET,
  type PageListName,
} from './list-limits';

/** What every list query carries beside its filters. */
export interface CursorQueryFields {
  limit?: number;
  cursor?: string;
}

export interface PageQueryFields extends CursorQueryFields {
  page?: number;
}

type CursorListName = Exclude<ListName, PageListName>;

const PageNumber = () =>
  IntegerQuery({
    min: 1,
    max: MAX_PAGE_OFFSET + 1,
    description:
      'Page mode: the page number, from 1. Not with `cursor`. Page mode reaches ' +
      `${MAX_PAGE_OFFSET.toLocaleString('en')} rows deep ((page − 1) × limit); continue deeper ` +
      'with `meta.next_cursor`.',
  });

const PageSize = (list: ListName) =>
  IntegerQuery({
    min: 1,
    max: LIST_LIMITS[list].max,
    default: LIST_LIMITS[list].default,
  });

const Cursor = (description: string) =>
  TextQuery({ min: 1, max: MAX_CURSOR_LENGTH, description });

const named = <T extends Type<unknown>>(cls: T, name: string): T =>
  Object.defineProperty(cls, 'name', { value: name });

/**
 * The query of a page list (`page`, `limit`, `cursor`), sized by its line in LIST_LIMITS: a
 * list's query DTO extends it and adds its filters.
 */
export function PageQuery(list: PageListName): Type<PageQueryFields> {
  class PageQueryDto implements PageQueryFields {
    @PageNumber() page?: number;
    @PageSize(list) limit?: number;
    @Cursor(
      'Cursor mode: `meta.next_cursor` of the previous answer, with the same filters and sort. ' +
        'Keyset-based, so a deep page costs what the first does. Not with `page`.',
    )
    cursor?: string;
  }
  return named(PageQueryDto, `PageQuery(${list})`);
}

/**
 * The query of a list read by cursor only (`limit`, `cursor`), sized by its line in LIST_LIMITS;
 * `cursor` says where a client finds its cursors when that is not the previous answer's meta.
 */
export function CursorQuery(
  list: CursorListName,
  cursor = '`meta.next_cursor` of the previous answer, with the same filters. Keyset-based, so ' +
    'a deep page costs what the first does.',
): Type<CursorQueryFields> {
  class CursorQueryDto implements CursorQueryFields {
    @PageSize(list) limit?: number;
    @Cursor(cursor) cursor?: string;
  }
  return named(CursorQueryDto, `CursorQuery(${list})`);
}
