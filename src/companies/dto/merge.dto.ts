import { ApiProperty } from '@nestjs/swagger';
import { UuidBody } from '../../common/body-fields';
import { int32 } from '../../common/field-formats';
import { IdParam } from '../../common/param-fields';
import { WorkspaceParamsDto } from '../../common/route-params.dto';

// What the merge routes take and answer. The records are given as the merge functions return
// them (supabase/migrations/20261203000800_merges.sql), with the counts of rows moved.

export class CompanyMergeParamsDto extends WorkspaceParamsDto {
  @IdParam('surviving company') id!: string;
}

export class CustomerMergeParamsDto extends WorkspaceParamsDto {
  @IdParam('surviving customer') id!: string;
}

export class MergeDto {
  @UuidBody('duplicate', {
    description:
      'The record merged away: of the same workspace, live, not the survivor itself.',
  })
  duplicate_id!: string;
}

/** The bounds of the fields both records have. */
const uuid = { format: 'uuid', maxLength: 36 } as const;
const nullableUuid = { ...uuid, type: String, nullable: true } as const;
const text = (maxLength: number) =>
  ({ type: String, nullable: true, maxLength }) as const;
const timestamp = { type: String, format: 'date-time', maxLength: 40 } as const;
const tags = {
  type: 'array',
  items: { type: 'string', minLength: 1, maxLength: 50 },
  maxItems: 20,
  uniqueItems: true,
  description:
    "The survivor's tags, then the duplicate's new ones while fewer than 20 (the rest are " +
    "dropped and named in the timeline's merged entry).",
} as const;
/** At most what a workspace can hold of a kind; a count, never negative. */
const count = (description: string) => ({
  ...int32(0, 2_147_483_647),
  description,
});

export class CompanyRowsMovedDto {
  @ApiProperty(count('People now at the survivor.')) people!: number;
  @ApiProperty(count('Deals now with the survivor.')) deals!: number;
  @ApiProperty(count("Entries now on the survivor's timeline."))
  activities!: number;
}

export class CustomerRowsMovedDto {
  @ApiProperty(count('Deals now of the survivor.')) deals!: number;
  @ApiProperty(
    count(
      "Deals the survivor is now a contact on (where both were, the survivor's role stays).",
    ),
  )
  deal_contacts!: number;
  @ApiProperty(count("Entries now on the survivor's timeline."))
  activities!: number;
}

/** A company after a merge: as the API reads it, with what moved to it. */
export class MergedCompanyDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty(uuid) workspace_id!: string;
  @ApiProperty({ minLength: 1, maxLength: 200 }) name!: string;
  @ApiProperty(text(253)) domain!: string | null;
  @ApiProperty(text(100)) industry!: string | null;
  @ApiProperty({ ...int32(0, 10_000_000), nullable: true })
  employees!: number | null;
  @ApiProperty({ ...text(2), pattern: '^[A-Z]{2}$' }) country!: string | null;
  @ApiProperty(text(200)) city!: string | null;
  @ApiProperty(text(50)) phone!: string | null;
  @ApiProperty(tags) tags!: string[];
  @ApiProperty(text(10_000)) notes!: string | null;
  @ApiProperty(nullableUuid) created_by!: string | null;
  @ApiProperty(timestamp) created_at!: string;
  @ApiProperty(timestamp) updated_at!: string;
  @ApiProperty({ ...timestamp, nullable: true }) deleted_at!: string | null;
  @ApiProperty({ type: CompanyRowsMovedDto }) moved!: CompanyRowsMovedDto;
}

export interface CompanyRef {
  id: string;
  name: string;
  domain: string | null;
}

/** A person after a merge: as the API reads them, with what moved to them. */
export class MergedCustomerDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty(uuid) workspace_id!: string;
  @ApiProperty(nullableUuid) created_by!: string | null;
  @ApiProperty({ minLength: 1, maxLength: 200 }) name!: string;
  @ApiProperty({ ...text(320), format: 'email' }) email!: string | null;
  @ApiProperty(text(50)) phone!: string | null;
  @ApiProperty({ enum: ['lead', 'prospect', 'active', 'inactive'] })
  status!: string;
  @ApiProperty(tags) tags!: string[];
  @ApiProperty(text(10_000)) notes!: string | null;
  @ApiProperty(nullableUuid) company_id!: string | null;
  // Inline: OpenAPI 3.0 takes no `nullable` beside a $ref.
  @ApiProperty({
    type: 'object',
    nullable: true,
    description: 'The company they are at, or null.',
    properties: {
      id: { type: 'string', ...uuid },
      name: { type: 'string', minLength: 1, maxLength: 200 },
      domain: { type: 'string', nullable: true, maxLength: 253 },
    },
    required: ['id', 'name', 'domain'],
  })
  company!: CompanyRef | null;
  @ApiProperty(timestamp) created_at!: string;
  @ApiProperty(timestamp) updated_at!: string;
  @ApiProperty({ ...timestamp, nullable: true }) deleted_at!: string | null;
  @ApiProperty({ type: CustomerRowsMovedDto }) moved!: CustomerRowsMovedDto;
}
