import { ApiProperty } from '@nestjs/swagger';
import { LIST_LIMITS, MAX_CURSOR_LENGTH } from '../../common/list-limits';
import { type CompanyRefDto, companyEmbed } from '../../common/company-ref.dto';
import { ListPageDto } from '../../common/list-page.dto';
import {
  CURRENCY_PATTERN,
  INT4_MAX,
  int32,
  int64,
} from '../../common/field-formats';
import {
  PIPELINE_LIMITS,
  STAGE_KINDS,
  type StageKind,
} from '../pipeline.constants';

const uuid = { format: 'uuid', maxLength: 36 } as const;
const nullableUuid = { ...uuid, type: String, nullable: true } as const;
const timestamp = { type: String, format: 'date-time', maxLength: 40 } as const;
const position = {
  maxLength: 250,
  pattern: '^[0-9A-Za-z]*[1-9A-Za-z]$',
  description:
    'Where it sits among its siblings: compare bytewise (not by locale).',
} as const;
/** Sums per currency, e.g. `{"EUR": 12000.5, "USD": 300}`. */
const perCurrency = {
  type: 'object',
  additionalProperties: { type: 'number', minimum: 0 },
  maxProperties: 200,
  example: { EUR: 12000.5 },
} as const;

export class PipelineDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty(uuid) workspace_id!: string;
  @ApiProperty({ minLength: 1, maxLength: PIPELINE_LIMITS.name }) name!: string;
  @ApiProperty(int32(0, 1_000_000))
  position!: number;
  @ApiProperty(timestamp) created_at!: string;
  @ApiProperty(timestamp) updated_at!: string;
}

export class PipelineListDto {
  @ApiProperty({ type: [PipelineDto], maxItems: PIPELINE_LIMITS.pipelines })
  data!: PipelineDto[];
}

export class StageDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty(uuid) workspace_id!: string;
  @ApiProperty(uuid) pipeline_id!: string;
  @ApiProperty({ minLength: 1, maxLength: PIPELINE_LIMITS.name }) name!: string;
  @ApiProperty(position) position!: string;
  @ApiProperty({
    enum: STAGE_KINDS,
    description: 'Entering a `won` or `lost` stage closes a deal.',
  })
  kind!: StageKind;
  @ApiProperty(int32(0, 100))
  probability!: number;
  @ApiProperty(timestamp) created_at!: string;
}

export class StageListDto {
  @ApiProperty({ type: [StageDto], maxItems: PIPELINE_LIMITS.stages })
  data!: StageDto[];
}

export class DealDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty(uuid) workspace_id!: string;
  @ApiProperty(uuid) pipeline_id!: string;
  @ApiProperty(uuid) stage_id!: string;
  @ApiProperty(position) position!: string;
  @ApiProperty({ minLength: 1, maxLength: PIPELINE_LIMITS.title })
  title!: string;
  @ApiProperty(nullableUuid) customer_id!: string | null;
  @ApiProperty({
    ...nullableUuid,
    description: 'The company the deal is with.',
  })
  company_id!: string | null;
  @ApiProperty({
    ...companyEmbed,
    selfRequired: false,
    description: `${companyEmbed.description} On reads of deals and deal lists; board cards and moves leave it out.`,
  })
  company?: CompanyRefDto | null;
  @ApiProperty({
    minimum: 0,
    maximum: PIPELINE_LIMITS.amount,
    multipleOf: 0.01,
  })
  amount!: number;
  @ApiProperty({ pattern: CURRENCY_PATTERN, maxLength: 3, example: 'EUR' })
  currency!: string;
  @ApiProperty({ type: String, format: 'date', maxLength: 10, nullable: true })
  expected_close_date!: string | null;
  @ApiProperty({
    ...nullableUuid,
    description:
      'A member of the workspace (null once that account is deleted).',
  })
  assignee_id!: string | null;
  @ApiProperty({
    ...timestamp,
    nullable: true,
    description: 'Set on entering a won or lost stage.',
  })
  closed_at!: string | null;
  @ApiProperty({
    ...nullableUuid,
    description: 'The user who created it (null once that account is deleted).',
  })
  created_by!: string | null;
  @ApiProperty(timestamp) created_at!: string;
  @ApiProperty(timestamp) updated_at!: string;
  @ApiProperty({ ...timestamp, nullable: true }) deleted_at!: string | null;
  @ApiProperty({
    ...int32(1, INT4_MAX),
    description:
      'Bumped by every change; send it back as `If-Match` (also the `ETag`).',
  })
  version!: number;
}

export class DealPageDto extends ListPageDto(DealDto, 'deals') {}

export class BoardStageDto extends StageDto {
  @ApiProperty(int64(0)) count!: number;
  @ApiProperty({ ...perCurrency, description: 'Sum of amounts, per currency.' })
  amount!: Record<string, number>;
  @ApiProperty({
    ...perCurrency,
    description: 'Sum of amount × probability, per currency.',
  })
  weighted!: Record<string, number>;
  @ApiProperty({
    type: [DealDto],
    maxItems: LIST_LIMITS.column.max,
    description: 'Its first deals by position.',
  })
  deals!: DealDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: MAX_CURSOR_LENGTH,
    description:
      'Cursor of the rest of the column (GET …/stages/{stageId}/deals); null when all are shown.',
  })
  next_cursor!: string | null;
}

export class BoardDto {
  @ApiProperty({ type: PipelineDto }) pipeline!: PipelineDto;
  @ApiProperty({ type: [BoardStageDto], maxItems: PIPELINE_LIMITS.stages })
  stages!: BoardStageDto[];
}

export class StageDealsDto {
  @ApiProperty({ type: [DealDto], maxItems: LIST_LIMITS.column.max })
  data!: DealDto[];
  @ApiProperty({ nullable: true, type: String, maxLength: MAX_CURSOR_LENGTH })
  next_cursor!: string | null;
}

class ClosedDto {
  @ApiProperty(int64(0)) count!: number;
  @ApiProperty(perCurrency) amount!: Record<string, number>;
}

class SummaryStageDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty({ maxLength: PIPELINE_LIMITS.name }) name!: string;
  @ApiProperty({ enum: STAGE_KINDS }) kind!: StageKind;
  @ApiProperty(int32(0, 100))
  probability!: number;
  @ApiProperty(int64(0)) count!: number;
  @ApiProperty(perCurrency) amount!: Record<string, number>;
  @ApiProperty(perCurrency) weighted!: Record<string, number>;
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    description:
      'Average days deals spent here, over the stays that ended in the period.',
  })
  average_days_in_stage!: number | null;
}

export class SummaryDto {
  @ApiProperty(timestamp) from!: string;
  @ApiProperty(timestamp) to!: string;
  @ApiProperty({ type: [SummaryStageDto], maxItems: PIPELINE_LIMITS.stages })
  stages!: SummaryStageDto[];
  @ApiProperty({ type: ClosedDto, description: 'Deals won in the period.' })
  won!: ClosedDto;
  @ApiProperty({ type: ClosedDto, description: 'Deals lost in the period.' })
  lost!: ClosedDto;
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 1,
    description: 'Won ÷ (won + lost) in the period; null when none closed.',
  })
  win_rate!: number | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 0 })
  average_days_to_close!: number | null;
}
