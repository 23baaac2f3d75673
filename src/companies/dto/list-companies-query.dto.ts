import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { EnumQuery, TextQuery } from '../../common/query-fields';
import { PageQuery } from '../../common/list-query.dto';
import {
  COMPANY_LIMITS,
  COMPANY_SORTS,
  type CompanySort,
} from '../company.constants';

/** A comma-separated list of values matching `item`, at most `max` of them; the service splits it. */
function ListOfQuery(options: {
  name: string;
  item: string;
  max: number;
  maxLength: number;
  example: string;
  description: string;
}) {
  const pattern = `^${options.item}(,${options.item}){0,${options.max - 1}}$`;
  return applyDecorators(
    ApiPropertyOptional({
      type: 'string',
      pattern,
      maxLength: options.maxLength,
      example: options.example,
      description: options.description,
    }),
    IsOptional(),
    IsString(),
    MaxLength(options.maxLength),
    Matches(new RegExp(pattern), {
      message: `${options.name} must be one to ${options.max} values separated by commas`,
    }),
  );
}

export class ListCompaniesQueryDto extends PageQuery('companies') {
  @TextQuery({ min: 1, max: 50, description: 'Companies carrying this tag.' })
  tag?: string;

  @ListOfQuery({
    name: 'industry',
    item: '[^,]{1,100}',
    max: COMPANY_LIMITS.industries,
    maxLength: 2100,
    example: 'Software,Banking',
    description:
      'One industry or a comma-separated list, compared case-insensitively and whole.',
  })
  industry?: string;

  @ListOfQuery({
    name: 'country',
    item: '[A-Za-z]{2}',
    max: COMPANY_LIMITS.countries,
    maxLength: 149,
    example: 'GB,FR',
    description: 'One ISO 3166-1 alpha-2 code or a comma-separated list.',
  })
  country?: string;

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
