import {
  DateTimeQuery,
  EnumListQuery,
  EnumQuery,
  IntegerQuery,
  TextQuery,
} from '../../common/api-fields';
import {
  CUSTOMER_SORTS,
  CUSTOMER_STATUSES,
  type CustomerSort,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_OFFSET,
  MAX_PAGE_SIZE,
} from '../customer.constants';

export class ListCustomersQueryDto {
  @IntegerQuery({
    min: 1,
    max: MAX_PAGE_OFFSET + 1,
    description:
      `Page mode: the page number, from 1. Not with \`cursor\`. Page mode reaches ${MAX_PAGE_OFFSET} ` +
      'rows deep ((page − 1) × limit); continue deeper with `meta.next_cursor`.',
  })
  page?: number;

  @IntegerQuery({ min: 1, max: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  limit?: number;

  @TextQuery({
    min: 1,
    max: 1000,
    description:
      'Cursor mode: `meta.next_cursor` of the previous answer, with the same filters and sort. ' +
      'Keyset-based, so a deep page costs what the first does. Not with `page`.',
  })
  cursor?: string;

  @EnumListQuery(
    'status',
    CUSTOMER_STATUSES,
    'One status or a comma-separated list.',
  )
  status?: string;

  @TextQuery({ min: 1, max: 50, description: 'Customers carrying this tag.' })
  tag?: string;

  @DateTimeQuery(
    'created_from',
    'Created at or after this instant (ISO 8601; a date means its midnight UTC).',
  )
  created_from?: string;

  @DateTimeQuery('created_to', 'Created at or before this instant (ISO 8601).')
  created_to?: string;

  @TextQuery({
    min: 1,
    max: 200,
    description:
      'Case-insensitive substring of name, email or company, matched literally (no wildcards). ' +
      'Queries of 3 characters or more use a trigram index; shorter ones scan your customers.',
  })
  q?: string;

  @EnumQuery('sort', CUSTOMER_SORTS, {
    default: '-created_at',
    description: 'Sort field, `-` for descending; ties are broken by id.',
  })
  sort?: CustomerSort;
}
