import { ApiProperty } from '@nestjs/swagger';
import { int32, int64 } from '../../common/field-formats';
import { LIST_LIMITS, MAX_PAGE_OFFSET } from '../../common/list-limits';

const uuid = { format: 'uuid', maxLength: 36 } as const;
const timestamp = { type: String, format: 'date-time', maxLength: 40 };
const nullableText = (maxLength: number, extra: object = {}) => ({
  nullable: true,
  type: String,
  maxLength,
  ...extra,
});

export const COMPANY_REASONS = ['domain', 'name'] as const;
export const CUSTOMER_REASONS = ['email', 'phone', 'name'] as const;
export type CompanyReason = (typeof COMPANY_REASONS)[number];
export type CustomerReason = (typeof CUSTOMER_REASONS)[number];

/** A company of a pair: what tells two companies apart at a glance. */
export class DuplicateCompanyDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty({ minLength: 1, maxLength: 200 }) name!: string;
  @ApiProperty(nullableText(253)) domain!: string | null;
  @ApiProperty(nullableText(100)) industry!: string | null;
  @ApiProperty(nullableText(2, { pattern: '^[A-Z]{2}$' })) country!:
    string | null;
  @ApiProperty(nullableText(200)) city!: string | null;
  @ApiProperty(nullableText(50)) phone!: string | null;
  @ApiProperty(timestamp) created_at!: string;
}

/** A person of a pair. */
export class DuplicateCustomerDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty({ minLength: 1, maxLength: 200 }) name!: string;
  @ApiProperty(nullableText(320, { format: 'email' })) email!: string | null;
  @ApiProperty(nullableText(50)) phone!: string | null;
  @ApiProperty({ ...uuid, nullable: true, type: String }) company_id!:
    string | null;
  @ApiProperty({ enum: ['lead', 'prospect', 'active', 'inactive'] })
  status!: string;
  @ApiProperty(timestamp) created_at!: string;
}

const score = {
  type: 'number',
  minimum: 0,
  maximum: 1,
  description:
    'How alike the two are, from 0 to 1: the best of its reasons (the same email or domain 1, ' +
    'an email differing only by a +tag 0.95, a subdomain or the same phone 0.9, a name its ' +
    'trigram similarity).',
} as const;

export class CompanyDuplicateDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: [...COMPANY_REASONS] },
    minItems: 1,
    maxItems: COMPANY_REASONS.length,
    uniqueItems: true,
    description:
      '`domain`: the same domain, or one a subdomain of the other; `name`: names similar by ' +
      'trigram (similarity at least 0.5).',
  })
  reasons!: CompanyReason[];
  @ApiProperty(score) score!: number;
  @ApiProperty({ type: DuplicateCompanyDto, description: 'The smaller id.' })
  first!: DuplicateCompanyDto;
  @ApiProperty({ type: DuplicateCompanyDto }) second!: DuplicateCompanyDto;
}

export class CustomerDuplicateDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: [...CUSTOMER_REASONS] },
    minItems: 1,
    maxItems: CUSTOMER_REASONS.length,
    uniqueItems: true,
    description:
      '`email`: the same email, case-folded, or the same but for a `+tag` (`ann+crm@x` and ' +
      '`ann@x`); `phone`: the same number in E.164, for numbers written internationally ' +
      '(`+44 20 …`, `0044 …`) only; `name`: names similar by trigram (at least 0.6) of people ' +
      'at the same company who share the first or the last word of their names.',
  })
  reasons!: CustomerReason[];
  @ApiProperty(score) score!: number;
  @ApiProperty({ type: DuplicateCustomerDto, description: 'The smaller id.' })
  first!: DuplicateCustomerDto;
  @ApiProperty({ type: DuplicateCustomerDto }) second!: DuplicateCustomerDto;
}

/** The meta of a page of pairs: page mode's, without a cursor. */
export class DuplicatesMetaDto {
  @ApiProperty(int32(1, MAX_PAGE_OFFSET + 1)) page!: number;
  @ApiProperty(int32(1, LIST_LIMITS.duplicates.max)) limit!: number;
  @ApiProperty({
    ...int64(0),
    description: `Pairs in all pages: exact up to ${MAX_PAGE_OFFSET.toLocaleString('en')}, past that ${(MAX_PAGE_OFFSET + 1).toLocaleString('en')} with \`total_exact\` false.`,
  })
  total!: number;
  @ApiProperty() total_exact!: boolean;
  @ApiProperty({ description: 'Whether a further page follows.' })
  has_more!: boolean;
}

export class CompanyDuplicatePageDto {
  @ApiProperty({
    type: [CompanyDuplicateDto],
    maxItems: LIST_LIMITS.duplicates.max,
  })
  data!: CompanyDuplicateDto[];
  @ApiProperty({ type: DuplicatesMetaDto }) meta!: DuplicatesMetaDto;
}

export class CustomerDuplicatePageDto {
  @ApiProperty({
    type: [CustomerDuplicateDto],
    maxItems: LIST_LIMITS.duplicates.max,
  })
  data!: CustomerDuplicateDto[];
  @ApiProperty({ type: DuplicatesMetaDto }) meta!: DuplicatesMetaDto;
}
