import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import {
  CUSTOMER_SORTS,
  CUSTOMER_STATUSES,
  type CustomerSort,
  type CustomerStatus,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_OFFSET,
  MAX_PAGE_SIZE,
} from '../customer.constants';

const commaList = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value.split(',').map((item) => item.trim())
    : value,
);

export class ListCustomersQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_PAGE_OFFSET + 1,
    description:
      `Page mode: the page number, from 1. Not with \`cursor\`. Page mode reaches ${MAX_PAGE_OFFSET} ` +
      'rows deep ((page − 1) × limit); continue deeper with `meta.next_cursor`.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_OFFSET + 1)
  page?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({
    description:
      'Cursor mode: `meta.next_cursor` of the previous answer, with the same filters and sort. ' +
      'Keyset-based, so a deep page costs what the first does. Not with `page`.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  cursor?: string;

  @ApiPropertyOptional({
    description: 'One status or a comma-separated list.',
    example: 'lead,prospect',
    type: String,
  })
  @IsOptional()
  @commaList
  @ArrayMaxSize(CUSTOMER_STATUSES.length)
  @IsIn(CUSTOMER_STATUSES, {
    each: true,
    message: `status must be one or more of ${CUSTOMER_STATUSES.join(', ')}`,
  })
  status?: CustomerStatus[];

  @ApiPropertyOptional({
    description: 'Customers carrying this tag.',
    maxLength: 50,
  })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  tag?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Created at or after this instant (ISO 8601; a date means its midnight UTC).',
  })
  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: 'created_from must be an ISO 8601 date or date-time' },
  )
  created_from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Created at or before this instant (ISO 8601).',
  })
  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: 'created_to must be an ISO 8601 date or date-time' },
  )
  created_to?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description:
      'Case-insensitive substring of name, email or company, matched literally (no wildcards). ' +
      'Queries of 3 characters or more use a trigram index; shorter ones scan your customers.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({
    enum: CUSTOMER_SORTS,
    default: '-created_at',
    description: 'Sort field, `-` for descending; ties are broken by id.',
  })
  @IsOptional()
  @IsIn(CUSTOMER_SORTS, {
    message: `sort must be one of ${CUSTOMER_SORTS.join(', ')}`,
  })
  sort?: CustomerSort;
}
