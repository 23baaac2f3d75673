import {
  DateBody,
  EnumBody,
  IntegerBody,
  MoneyBody,
  PatternBody,
  TextBody,
  UuidBody,
  UuidListBody,
} from '../../common/body-fields';
import { CURRENCY_PATTERN } from '../../common/field-formats';
import { IdParam } from '../../common/param-fields';
import {
  DateQuery,
  DateTimeQuery,
  EnumQuery,
  IntegerQuery,
  NumberQuery,
  TextQuery,
  UuidQuery,
} from '../../common/query-fields';
import { LIST_LIMITS } from '../../common/list-limits';
import { CursorQuery, PageQuery } from '../../common/list-query.dto';
import { WorkspaceParamsDto } from '../../common/route-params.dto';
import {
  DEAL_SORTS,
  type DealSort,
  PIPELINE_LIMITS,
  STAGE_KINDS,
  type StageKind,
} from '../pipeline.constants';

const CURRENCY = {
  max: 3,
  message: 'currency must be an ISO 4217 code of three capital letters',
  example: 'EUR',
};

export class CreatePipelineDto {
  @TextBody({ min: 1, max: PIPELINE_LIMITS.name, example: 'Enterprise' })
  name!: string;
}

export class UpdatePipelineDto {
  @TextBody({ min: 1, max: PIPELINE_LIMITS.name, required: false })
  name?: string;

  @IntegerBody({
    min: 0,
    max: 1_000_000,
    required: false,
    description: 'Pipelines are listed by position, then id.',
  })
  position?: number;
}

export class CreateStageDto {
  @TextBody({ min: 1, max: PIPELINE_LIMITS.name, example: 'Demo' })
  name!: string;

  @EnumBody('kind', STAGE_KINDS, { required: false })
  kind?: StageKind;

  @IntegerBody({ min: 0, max: 100, required: false })
  probability?: number;

  @UuidBody('stage', {
    required: false,
    description: 'Put it right after this stage; by default, last.',
  })
  after_id?: string;
}

export class UpdateStageDto {
  @TextBody({ min: 1, max: PIPELINE_LIMITS.name, required: false })
  name?: string;

  @EnumBody('kind', STAGE_KINDS, { required: false })
  kind?: StageKind;

  @IntegerBody({ min: 0, max: 100, required: false })
  probability?: number;
}

export class ReorderStagesDto {
  @UuidListBody('stage_ids', {
    max: PIPELINE_LIMITS.stages,
    description: 'Every stage of the pipeline, once, in the new order.',
  })
  stage_ids!: string[];
}

export class DeletePipelineQueryDto {
  @UuidQuery(
    'stage',
    'Required when the pipeline holds deleted deals: a stage of another pipeline they move to, where they stay restorable.',
  )
  move_to?: string;
}

export class DeleteStageQueryDto {
  @UuidQuery(
    'stage',
    'Required when the stage holds deals: another stage of the pipeline they move to.',
  )
  move_to?: string;
}

const COMPANY_LINK =
  'A live company of the workspace (422 otherwise); null unlinks the deal.';

export class CreateDealDto {
  @TextBody({
    min: 1,
    max: PIPELINE_LIMITS.title,
    example: 'Analytical Engines: 40 seats',
  })
  title!: string;

  @UuidBody('pipeline', {
    required: false,
    description: 'Default: the workspace’s first pipeline.',
  })
  pipeline_id?: string;

  @UuidBody('stage', {
    required: false,
    description:
      'Default: the first stage of the pipeline. New deals go to the bottom of it.',
  })
  stage_id?: string;

  @UuidBody('customer', { required: false, nullable: true })
  customer_id?: string | null;

  @UuidBody('company', {
    required: false,
    nullable: true,
    description: COMPANY_LINK,
  })
  company_id?: string | null;

  @MoneyBody({ max: PIPELINE_LIMITS.amount, required: false })
  amount?: number;

  @PatternBody(CURRENCY_PATTERN, {
    ...CURRENCY,
    required: false,
    description: 'Default: the workspace’s currency.',
  })
  currency?: string;

  @DateBody('expected_close_date', { required: false, nullable: true })
  expected_close_date?: string | null;

  @UuidBody('assignee', {
    required: false,
    nullable: true,
    description: 'A member of the workspace.',
  })
  assignee_id?: string | null;
}

export class UpdateDealDto {
  @TextBody({ min: 1, max: PIPELINE_LIMITS.title, required: false })
  title?: string;

  @UuidBody('customer', { required: false, nullable: true })
  customer_id?: string | null;

  @UuidBody('company', {
    required: false,
    nullable: true,
    description: COMPANY_LINK,
  })
  company_id?: string | null;

  @MoneyBody({ max: PIPELINE_LIMITS.amount, required: false })
  amount?: number;

  @PatternBody(CURRENCY_PATTERN, { ...CURRENCY, required: false })
  currency?: string;

  @DateBody('expected_close_date', { required: false, nullable: true })
  expected_close_date?: string | null;

  @UuidBody('assignee', { required: false, nullable: true })
  assignee_id?: string | null;
}

export class MoveDealDto {
  @UuidBody('stage', {
    description: 'The column it moves to (may be its own).',
  })
  stage_id!: string;

  @UuidBody('deal', {
    required: false,
    description: 'Put it right after this deal of the column.',
  })
  after_id?: string;

  @UuidBody('deal', {
    required: false,
    description:
      'Put it right before this deal of the column. With neither, it goes to the top.',
  })
  before_id?: string;
}

export class ListDealsQueryDto extends PageQuery('deals') {
  @UuidQuery('pipeline') pipeline_id?: string;
  @UuidQuery('stage') stage_id?: string;
  @UuidQuery('assignee') assignee_id?: string;
  @UuidQuery('customer') customer_id?: string;

  @NumberQuery({
    min: 0,
    max: PIPELINE_LIMITS.amount,
    description: 'Amount at least this.',
  })
  amount_min?: number;

  @NumberQuery({
    min: 0,
    max: PIPELINE_LIMITS.amount,
    description: 'Amount at most this.',
  })
  amount_max?: number;

  @DateQuery('close_from', 'Expected to close on or after this date.')
  close_from?: string;

  @DateQuery('close_to', 'Expected to close on or before this date.')
  close_to?: string;

  @EnumQuery('status', STAGE_KINDS, {
    description: 'Open, won or lost: the kind of the stage the deal is in.',
  })
  status?: StageKind;

  @TextQuery({
    min: 1,
    max: 200,
    description: 'Case-insensitive substring of the title, matched literally.',
  })
  q?: string;

  @EnumQuery('sort', DEAL_SORTS, {
    default: '-created_at',
    description: 'Sort field, `-` for descending; ties are broken by id.',
  })
  sort?: DealSort;
}

export class BoardQueryDto {
  @IntegerQuery({
    min: 1,
    max: LIST_LIMITS.column.max,
    default: LIST_LIMITS.column.default,
    description: 'How many deals of each column, from the top.',
  })
  per_stage?: number;
}

export class StageDealsQueryDto extends CursorQuery(
  'column',
  'The column’s `next_cursor` from the board or the previous page.',
) {}

export class SummaryQueryDto {
  @DateTimeQuery(
    'from',
    'Start of the period (ISO 8601); default: 90 days ago.',
  )
  from?: string;

  @DateTimeQuery('to', 'End of the period (ISO 8601); default: now.')
  to?: string;
}

export class PipelineParamsDto extends WorkspaceParamsDto {
  @IdParam('pipeline') pipelineId!: string;
}

export class StageParamsDto extends PipelineParamsDto {
  @IdParam('stage') stageId!: string;
}
