import type { Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import {
  LIST_LIMITS,
  type ListMode,
  type ListName,
  MAX_CURSOR_LENGTH,
  MAX_PAGE_OFFSET,
} from './list-limits';
import { int32, int64 } from './field-formats';

/** The meta of cursor mode: the page size, and where the next page starts. */
export interface CursorMeta {
  limit: number;
  next_cursor: string | null;
}

/** The meta of page mode: cursor mode's, with the page number and the total. */
export interface PageMeta extends CursorMeta {
  page: number;
  total: number;
  total_exact: boolean;
}

/** A list's answer: its rows, and the meta of the mode the request was read in. */
export interface ListPage<Row, Mode extends ListMode = 'page'> {
  data: Row[];
  meta: Mode extends 'page' ? PageMeta | CursorMeta : CursorMeta;
}

const MAX_PAGE = MAX_PAGE_OFFSET + 1;
const CAP = MAX_PAGE_OFFSET.toLocaleString('en');

const named = <T extends Type<unknown>>(cls: T, name: string): T =>
  Object.defineProperty(cls, 'name', { value: name });

/**
 * The page answer of a list of `row`, for the OpenAPI document: `XPageDto` with the meta of its
 * mode, `XPageMetaDto` or `XCursorMetaDto` (X: the row DTO's name without `Dto`), page sizes from
 * the list's line in LIST_LIMITS. Extend it: `class CustomerPageDto extends ListPageDto(...) {}`.
 */
export function ListPageDto<Row, Name extends ListName>(
  row: Type<Row>,
  list: Name,
): Type<ListPage<Row, (typeof LIST_LIMITS)[Name]['mode']>> {
  const { mode, max } = LIST_LIMITS[list] as { mode: ListMode; max: number };
  const stem = row.name.replace(/Dto$/, '');
  const limit = int32(1, max);

  class CursorMetaDto implements CursorMeta {
    @ApiProperty(limit) limit!: number;
    @ApiProperty({
      nullable: true,
      type: String,
      maxLength: MAX_CURSOR_LENGTH,
      description: 'Cursor of the next page; null on the last page.',
    })
    next_cursor!: string | null;
  }
  named(CursorMetaDto, `${stem}CursorMetaDto`);

  class PageMetaDto implements PageMeta {
    @ApiProperty({
      ...int32(1, MAX_PAGE),
      description: 'Page mode: the page number.',
    })
    page!: number;
    @ApiProperty(limit) limit!: number;
    @ApiProperty({
      ...int64(0),
      description:
        `Rows matching the filters, across all pages: exact up to ${CAP} (as deep as page ` +
        `mode reaches); past that, ${MAX_PAGE.toLocaleString('en')} with \`total_exact\` ` +
        'false. A search (`q`) counts every match.',
    })
    total!: number;
    @ApiProperty({
      description: `False when \`total\` only says "more than ${CAP}".`,
    })
    total_exact!: boolean;
    @ApiProperty({
      nullable: true,
      type: String,
      maxLength: MAX_CURSOR_LENGTH,
      description:
        'Cursor of the next page (switch to cursor mode); null on the last page.',
    })
    next_cursor!: string | null;
  }
  named(PageMetaDto, `${stem}PageMetaDto`);

  @ApiExtraModels(
    ...(mode === 'page' ? [PageMetaDto, CursorMetaDto] : [CursorMetaDto]),
  )
  class PageDto {
    @ApiProperty({ type: [row], maxItems: max }) data!: Row[];
    @ApiProperty(
      mode === 'page'
        ? {
            description:
              'Page mode (`page`, or neither `page` nor `cursor`) carries `total`; cursor ' +
              'mode does not.',
            anyOf: [
              { $ref: getSchemaPath(PageMetaDto) },
              { $ref: getSchemaPath(CursorMetaDto) },
            ],
          }
        : { type: CursorMetaDto },
    )
    meta!: PageMeta | CursorMeta;
  }
  return named(PageDto, `${stem}PageDto`);
}
