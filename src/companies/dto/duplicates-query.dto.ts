import { IntegerQuery } from '../../common/query-fields';
import { LIST_LIMITS, MAX_PAGE_OFFSET } from '../../common/list-limits';

/** A page of candidate duplicates: page mode only, as deep as every page list reaches. */
export class DuplicatesQueryDto {
  @IntegerQuery({
    min: 1,
    max: MAX_PAGE_OFFSET + 1,
    description:
      'The page number, from 1. Pages reach ' +
      `${MAX_PAGE_OFFSET.toLocaleString('en')} pairs deep ((page − 1) × limit).`,
  })
  page?: number;

  @IntegerQuery({
    min: 1,
    max: LIST_LIMITS.duplicates.max,
    default: LIST_LIMITS.duplicates.default,
  })
  limit?: number;
}
