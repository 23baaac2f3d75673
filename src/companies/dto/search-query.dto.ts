import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { IntegerQuery } from '../../common/query-fields';
import { LIST_LIMITS } from '../../common/list-limits';

/** The shortest query: shorter ones cannot use a trigram index and would read every row. */
export const MIN_SEARCH_LENGTH = 3;
export const MAX_SEARCH_LENGTH = 200;

const SearchText = () =>
  applyDecorators(
    ApiProperty({
      type: 'string',
      minLength: MIN_SEARCH_LENGTH,
      maxLength: MAX_SEARCH_LENGTH,
      pattern: '\\S',
      description:
        'The text, matched literally as a case-insensitive substring (no wildcards) and by ' +
        'trigram word similarity. Leading and trailing spaces are ignored; fewer than ' +
        `${MIN_SEARCH_LENGTH} characters left is a 400 (a trigram index needs three).`,
    }),
    IsString(),
    Length(MIN_SEARCH_LENGTH, MAX_SEARCH_LENGTH),
    Matches(/\S/, { message: 'q must hold more than spaces' }),
  );

export class SearchQueryDto {
  @SearchText() q!: string;

  @IntegerQuery({
    min: 1,
    max: LIST_LIMITS.search.max,
    default: LIST_LIMITS.search.default,
    description: 'How many of each kind.',
  })
  limit?: number;
}
