import { ApiProperty } from '@nestjs/swagger';
import {
  CUSTOMER_LIMITS,
  CUSTOMER_STATUSES,
  type CustomerStatus,
  MAX_PAGE_OFFSET,
  MAX_PAGE_SIZE,
} from '../customer.constants';

/** Text the database may hold, or null. */
const nullableText = (maxLength: number, extra: object = {}) => ({
  nullable: true,
  type: String,
  maxLength,
  ...extra,
});
const timestamp = { type: String, format: 'date-time', maxLength: 40 };

/**
 * A customer as the API returns it (snake_case, as the database has it). The bounds are those
 * the database's constraints guarantee.
 */
export class CustomerDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 }) id!: string;
  @ApiProperty({
    format: 'uuid',
    maxLength: 36,
    description: 'The workspace it belongs to.',
  })
  workspace_id!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    maxLength: 36,
    description: 'The user who created it (null once that account is deleted).',
  })
  created_by!: string | null;
  @ApiProperty({ minLength: 1, maxLength: CUSTOMER_LIMITS.name })
  name!: string;
  @ApiProperty(
    nullableText(CUSTOMER_LIMITS.email, {
      format: 'email',
      description: 'Trimmed and in lower case.',
    }),
  )
  email!: string | null;
  @ApiProperty(nullableText(CUSTOMER_LIMITS.phone)) phone!: string | null;
  @ApiProperty(nullableText(CUSTOMER_LIMITS.company)) company!: string | null;
  @ApiProperty({ enum: CUSTOMER_STATUSES }) status!: CustomerStatus;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: CUSTOMER_LIMITS.tag },
    maxItems: CUSTOMER_LIMITS.tags,
    uniqueItems: true,
  })
  tags!: string[];
  @ApiProperty(nullableText(CUSTOMER_LIMITS.notes)) notes!: string | null;
  @ApiProperty(timestamp) created_at!: string;
  @ApiProperty(timestamp) updated_at!: string;
  @ApiProperty({ ...timestamp, nullable: true }) deleted_at!: string | null;
}

export class PageMetaDto {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_OFFSET + 1,
    description: 'Page mode: the page number.',
  })
  page!: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE })
  limit!: number;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description:
      'Customers matching the filters, across all pages: exact up to 10,000 (as deep as page ' +
      'mode reaches), the database’s estimate beyond (see `total_exact`).',
  })
  total!: number;
  @ApiProperty({
    description:
      'False when `total` is an estimate (more than 10,000 matches).',
  })
  total_exact!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: 1000,
    description:
      'Cursor of the next page (switch to cursor mode); null on the last page.',
  })
  next_cursor!: string | null;
}

export class CursorMetaDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE })
  limit!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: 1000,
    description: 'Cursor of the next page; null on the last page.',
  })
  next_cursor!: string | null;
}

export class CustomerPageDto {
  @ApiProperty({ type: [CustomerDto], maxItems: MAX_PAGE_SIZE })
  data!: CustomerDto[];
  @ApiProperty({
    description:
      'Page mode (`page`, or neither `page` nor `cursor`) carries `total`; cursor mode does not.',
    anyOf: [
      { $ref: '#/components/schemas/PageMetaDto' },
      { $ref: '#/components/schemas/CursorMetaDto' },
    ],
  })
  meta!: PageMetaDto | CursorMetaDto;
}
