import { ApiProperty } from '@nestjs/swagger';
import { ListPageDto } from '../../common/list-page.dto';
import { int32 } from '../../common/field-formats';
import { COMPANY_LIMITS } from '../company.constants';

const uuid = { format: 'uuid', maxLength: 36 } as const;
const nullableUuid = { ...uuid, type: String, nullable: true } as const;
const timestamp = { type: String, format: 'date-time', maxLength: 40 } as const;
/** Text the database may hold, or null. */
const nullableText = (maxLength: number, extra: object = {}) => ({
  nullable: true,
  type: String,
  maxLength,
  ...extra,
});

/**
 * A company as the API returns it (snake_case, as the database has it). The bounds are those
 * the database's constraints guarantee.
 */
export class CompanyDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty({ ...uuid, description: 'The workspace it belongs to.' })
  workspace_id!: string;
  @ApiProperty({ minLength: 1, maxLength: COMPANY_LIMITS.name })
  name!: string;
  @ApiProperty(
    nullableText(COMPANY_LIMITS.domain, {
      description:
        'Registrable domain, lower case, IDNs in punycode; unique among live companies.',
      example: 'analytical-engines.co.uk',
    }),
  )
  domain!: string | null;
  @ApiProperty(nullableText(COMPANY_LIMITS.industry)) industry!: string | null;
  @ApiProperty({
    ...int32(0, COMPANY_LIMITS.employees),
    nullable: true,
  })
  employees!: number | null;
  @ApiProperty(
    nullableText(2, {
      pattern: '^[A-Z]{2}$',
      description: 'ISO 3166-1 alpha-2 code.',
    }),
  )
  country!: string | null;
  @ApiProperty(nullableText(COMPANY_LIMITS.city)) city!: string | null;
  @ApiProperty(nullableText(COMPANY_LIMITS.phone)) phone!: string | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: COMPANY_LIMITS.tag },
    maxItems: COMPANY_LIMITS.tags,
    uniqueItems: true,
  })
  tags!: string[];
  @ApiProperty(nullableText(COMPANY_LIMITS.notes)) notes!: string | null;
  @ApiProperty({
    ...nullableUuid,
    description: 'The user who created it (null once that account is deleted).',
  })
  created_by!: string | null;
  @ApiProperty(timestamp) created_at!: string;
  @ApiProperty(timestamp) updated_at!: string;
  @ApiProperty({ ...timestamp, nullable: true }) deleted_at!: string | null;
}

export class CompanyPageDto extends ListPageDto(CompanyDto, 'companies') {}
