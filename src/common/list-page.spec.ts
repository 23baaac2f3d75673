import { BadRequestException } from '@nestjs/common';
import { LIST_LIMITS, MAX_PAGE_OFFSET } from './list-limits';
import {
  cursorPage,
  cursorWindow,
  listPage,
  listWindow,
  pageSize,
} from './list-page';

type Column = 'created_at' | 'name';
const row = (id: string, name = `Name ${id}`) => ({
  id,
  name,
  created_at: `2026-11-25T02:50:18.75791${id}+00:00`,
});

describe('list windows', () => {
  it('takes the page size asked for, else the list’s default', () => {
    expect(pageSize('customers', 7)).toBe(7);
    expect(pageSize('customers', undefined)).toBe(
      LIST_LIMITS.customers.default,
    );
    expect(pageSize('column', undefined)).toBe(LIST_LIMITS.column.default);
  });

  it('reads page mode by default, from the first page, at the list’s default size', () => {
    expect(listWindow<Column>('deals', { sort: '-created_at' })).toEqual({
      sortColumn: 'created_at',
      descending: true,
      pageMode: true,
      offset: 0,
      page: undefined,
      limit: LIST_LIMITS.deals.default,
    });
  });

  it('turns a page into an offset, and a cursor into cursor mode', () => {
    expect(
      listWindow<Column>('customers', { page: 3, limit: 10, sort: 'name' }),
    ).toMatchObject({
      sortColumn: 'name',
      descending: false,
      pageMode: true,
      offset: 20,
      page: 3,
      limit: 10,
    });
    expect(
      listWindow<Column>('customers', { cursor: 'c', limit: 10, sort: 'name' }),
    ).toMatchObject({ pageMode: false, offset: 0, limit: 10 });
  });

  it(`reaches ${MAX_PAGE_OFFSET} rows deep in page mode, and no further`, () => {
    const deepest = MAX_PAGE_OFFSET / 100 + 1;
    expect(
      listWindow('customers', { page: deepest, limit: 100, sort: 'name' })
        .offset,
    ).toBe(MAX_PAGE_OFFSET);
    expect(() =>
      listWindow('customers', { page: deepest + 1, limit: 100, sort: 'name' }),
    ).toThrow(`page mode reaches ${MAX_PAGE_OFFSET} rows deep`);
    // The default size counts too.
    const lastDefault = MAX_PAGE_OFFSET / LIST_LIMITS.customers.default + 1;
    expect(() =>
      listWindow('customers', { page: lastDefault + 1, sort: 'name' }),
    ).toThrow(BadRequestException);
  });

  it('refuses a page and a cursor together', () => {
    expect(() =>
      listWindow('customers', { page: 1, cursor: 'c', sort: 'name' }),
    ).toThrow('use either page or cursor, not both');
  });

  it('reads a cursor list at the size asked for, else its default', () => {
    expect(cursorWindow('activities', {})).toEqual({
      pageMode: false,
      offset: 0,
      limit: LIST_LIMITS.activities.default,
    });
    expect(cursorWindow('activities', { limit: 3 }).limit).toBe(3);
  });
});

describe('list answers', () => {
  const seal = jest.fn(
    (position: { value: string; id: string }) =>
      `${position.value}|${position.id}`,
  );

  it('carries page, size, total and a cursor after the last row in page mode', () => {
    const window = listWindow<Column>('customers', {
      page: 2,
      limit: 2,
      sort: 'name',
    });
    const page = listPage(
      {
        data: [row('1'), row('2', 'Zed')],
        has_more: true,
        total: 9,
        total_exact: false,
      },
      window,
      seal,
    );
    expect(page.meta).toEqual({
      page: 2,
      limit: 2,
      total: 9,
      total_exact: false,
      next_cursor: 'Zed|2',
    });
  });

  it('says page 1 and a total of 0 for an empty first page, with no cursor', () => {
    const window = listWindow<Column>('customers', { sort: '-created_at' });
    const page = listPage(
      { data: [], has_more: false, total: null, total_exact: true },
      window,
      seal,
    );
    expect(page).toEqual({
      data: [],
      meta: {
        page: 1,
        limit: LIST_LIMITS.customers.default,
        total: 0,
        total_exact: true,
        next_cursor: null,
      },
    });
  });

  it('carries only size and cursor in cursor mode, the cursor in the sort’s column', () => {
    const window = listWindow<Column>('customers', {
      cursor: 'c',
      limit: 1,
      sort: '-created_at',
    });
    const last = row('3');
    const page = listPage(
      { data: [last], has_more: true, total: null, total_exact: true },
      window,
      seal,
    );
    expect(page.meta).toEqual({
      limit: 1,
      next_cursor: `${last.created_at}|3`,
    });
  });

  it('ends a cursor list without a cursor when no more rows follow', () => {
    const window = cursorWindow('activities', { limit: 2 });
    const cursorAfter = (last: { id: string }) => `after ${last.id}`;
    expect(
      cursorPage({ data: [row('1')], has_more: true }, window, cursorAfter)
        .meta,
    ).toEqual({ limit: 2, next_cursor: 'after 1' });
    expect(
      cursorPage({ data: [row('1')], has_more: false }, window, cursorAfter)
        .meta,
    ).toEqual({ limit: 2, next_cursor: null });
    expect(
      cursorPage({ data: [], has_more: true }, window, cursorAfter).meta,
    ).toEqual({ limit: 2, next_cursor: null });
  });
});
