import { ApiProperty } from '@nestjs/swagger';
import { ListPageDto } from '../../common/list-page.dto';
import { CURRENCY_PATTERN } from '../../common/field-formats';

const uuid = { format: 'uuid', maxLength: 36 } as const;
const nullableUuid = { ...uuid, type: String, nullable: true } as const;
const timestamp = { type: String, format: 'date-time', maxLength: 40 } as const;
const nullableText = (maxLength: number) =>
  ({ type: String, nullable: true, maxLength }) as const;

/** A person at a company, as the company's list of people shows them. */
export class CompanyPersonDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty(uuid) workspace_id!: string;
  @ApiProperty(uuid) company_id!: string;
  @ApiProperty({ minLength: 1, maxLength: 200 }) name!: string;
  @ApiProperty({ ...nullableText(320), format: 'email' }) email!: string | null;
  @ApiProperty(nullableText(50)) phone!: string | null;
  @ApiProperty({ enum: ['lead', 'prospect', 'active', 'inactive'] })
  status!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: 50 },
    maxItems: 20,
    uniqueItems: true,
  })
  tags!: string[];
  @ApiProperty(timestamp) created_at!: string;
  @ApiProperty(timestamp) updated_at!: string;
}

/** A deal with a company, as the company's list of deals shows it. */
export class CompanyDealDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty(uuid) workspace_id!: string;
  @ApiProperty(uuid) company_id!: string;
  @ApiProperty(uuid) pipeline_id!: string;
  @ApiProperty(uuid) stage_id!: string;
  @ApiProperty({ minLength: 1, maxLength: 200 }) title!: string;
  @ApiProperty(nullableUuid) customer_id!: string | null;
  @ApiProperty({ minimum: 0, maximum: 999_999_999_999.99, multipleOf: 0.01 })
  amount!: number;
  @ApiProperty({ pattern: CURRENCY_PATTERN, maxLength: 3, example: 'EUR' })
  currency!: string;
  @ApiProperty({ type: String, format: 'date', maxLength: 10, nullable: true })
  expected_close_date!: string | null;
  @ApiProperty(nullableUuid) assignee_id!: string | null;
  @ApiProperty({ ...timestamp, nullable: true }) closed_at!: string | null;
  @ApiProperty(timestamp) created_at!: string;
  @ApiProperty(timestamp) updated_at!: string;
}

export class CompanyPersonPageDto extends ListPageDto(
  CompanyPersonDto,
  'companies',
) {}
export class CompanyDealPageDto extends ListPageDto(
  CompanyDealDto,
  'companies',
) {}
