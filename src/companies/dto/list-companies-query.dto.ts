import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { EnumQuery, TextQuery } from '../../common/query-fields';
import { PageQuery } from '../../common/list-query.dto';
import {
  COMPANY_LIMITS,
  COMPANY_SORTS,
  type CompanySort,
} from '../company.constants';

/**
 * A parameter that may be repeated (`?country=GB&country=FR`), read as a list: industries are
 * free text and may hold commas, so no list is split on them.
 */
function RepeatableQuery(options: {
  name: string;
  max: number;
  itemMax: number;
  pattern?: string;
  example: string;
  description: string;
}) {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'array',
      items: {
        type: 'string',
        minLength: 1,
        maxLength: options.itemMax,
        pattern: options.pattern,
      },
      maxItems: options.max,
      example: [options.example],
      description: options.description,
    }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? [value] : value,
    ),
    IsArray({ message: `${options.name} must be text, or repeated` }),
    ArrayMaxSize(options.max, {
      message: `${options.name} may be given at most ${options.max} times`,
    }),
    IsString({ each: true, message: `${options.name} must be text` }),
    Length(1, options.itemMax, {
      each: true,
      message: `${options.name} must be 1 to ${options.itemMax} characters`,
    }),
    ...(options.pattern
      ? [
          Matches(new RegExp(options.pattern), {
            each: true,
            message: `${options.name} must be an ISO 3166-1 alpha-2 code`,
          }),
        ]
      : []),
  );
}

export class ListCompaniesQueryDto extends PageQuery('companies') {
  @TextQuery({ min: 1, max: 50, description: 'Companies carrying this tag.' })
  tag?: string;

  @RepeatableQuery({
    name: 'industry',
    max: COMPANY_LIMITS.industries,
    itemMax: COMPANY_LIMITS.industry,
    example: 'Software',
    description:
      'Companies in this industry, compared case-insensitively and whole; repeat it for any of several.',
  })
  industry?: string[];

  @RepeatableQuery({
    name: 'country',
    max: COMPANY_LIMITS.countries,
    itemMax: 2,
    pattern: '^[A-Za-z]{2}$',
    example: 'GB',
    description:
      'Companies in this country (ISO 3166-1 alpha-2, any case); repeat it for any of several.',
  })
  country?: string[];

  @TextQuery({
    min: 1,
    max: 200,
    description:
      'Case-insensitive substring of name or domain, matched literally (no wildcards). ' +
      'Queries of 3 characters or more use a trigram index; shorter ones scan your companies.',
  })
  q?: string;

  @EnumQuery('sort', COMPANY_SORTS, {
    default: '-created_at',
    description: 'Sort field, `-` for descending; ties are broken by id.',
  })
  sort?: CompanySort;
}

/** A company's people or deals: newest first, by page or cursor. */
export class CompanyLinksQueryDto extends PageQuery('companies') {}
