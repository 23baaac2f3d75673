import {
  DateTimeQuery,
  EnumListQuery,
  EnumQuery,
  TextQuery,
  UuidQuery,
} from '../../common/query-fields';
import { PageQuery } from '../../common/list-query.dto';
import {
  CUSTOMER_SORTS,
  CUSTOMER_STATUSES,
  type CustomerSort,
} from '../customer.constants';

export class ListCustomersQueryDto extends PageQuery('customers') {
  @EnumListQuery(
    'status',
    CUSTOMER_STATUSES,
    'One status or a comma-separated list.',
  )
  status?: string;

  @TextQuery({ min: 1, max: 50, description: 'Customers carrying this tag.' })
  tag?: string;

  @UuidQuery('company', 'The people at this company.')
  company_id?: string;

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
      'Case-insensitive substring of name or email, matched literally (no wildcards); a ' +
      'company is found by its own name in the companies list, then `company_id` here. ' +
      'Queries of 3 characters or more use a trigram index; shorter ones scan your customers.',
  })
  q?: string;

  @EnumQuery('sort', CUSTOMER_SORTS, {
    default: '-created_at',
    description: 'Sort field, `-` for descending; ties are broken by id.',
  })
  sort?: CustomerSort;
}
