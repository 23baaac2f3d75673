import { ApiProperty } from '@nestjs/swagger';
import { type CompanyRefDto, companyEmbed } from '../../common/company-ref.dto';
import { ListPageDto } from '../../common/list-page.dto';
import {
  CUSTOMER_LIMITS,
  CUSTOMER_STATUSES,
  type CustomerStatus,
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
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    maxLength: 36,
    description: 'The company the person is at.',
  })
  company_id!: string | null;
  @ApiProperty(companyEmbed) company!: CompanyRefDto | null;
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

export class CustomerPageDto extends ListPageDto(CustomerDto, 'customers') {}
