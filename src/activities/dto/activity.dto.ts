import { ApiProperty } from '@nestjs/swagger';
import { ListPageDto } from '../../common/list-page.dto';
import { int64 } from '../../common/field-formats';
import {
  ACTIVITY_KINDS,
  ACTIVITY_LIMITS,
  type ActivityKind,
} from '../activity.constants';

const uuid = { format: 'uuid', maxLength: 36 } as const;
const nullableUuid = { ...uuid, type: String, nullable: true } as const;
const timestamp = { type: String, format: 'date-time', maxLength: 40 } as const;
const nullableTimestamp = { ...timestamp, nullable: true } as const;

export class ActivityDto {
  @ApiProperty({
    ...int64(1),
    description:
      'Orders the entries of a workspace: a larger id committed later. Also the `id:` of the event stream.',
  })
  id!: number;
  @ApiProperty(uuid) workspace_id!: string;
  @ApiProperty({ ...nullableUuid, description: 'The customer it is about.' })
  customer_id!: string | null;
  @ApiProperty({ ...nullableUuid, description: 'The deal it is about.' })
  deal_id!: string | null;
  @ApiProperty({ ...nullableUuid, description: 'The company it is about.' })
  company_id!: string | null;
  @ApiProperty({
    ...nullableUuid,
    description:
      'Who made the change or wrote the entry; null once that account is deleted, or for a change no user made (a deleted account’s deal left unassigned).',
  })
  actor_id!: string | null;
  @ApiProperty({ enum: ACTIVITY_KINDS }) kind!: ActivityKind;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'What changed: `created` carries the new record, `updated` `changes` (field → `from`, `to`), `stage_changed` and `assigned` `from` and `to`. Empty for entries people write.',
  })
  payload!: Record<string, unknown>;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: ACTIVITY_LIMITS.body,
    description: 'What people wrote: the note, the call, the task.',
  })
  body!: string | null;
  @ApiProperty(nullableTimestamp) due_at!: string | null;
  @ApiProperty({
    ...nullableUuid,
    description: 'Tasks: who it is for (null once that account is deleted).',
  })
  assignee_id!: string | null;
  @ApiProperty(nullableTimestamp) completed_at!: string | null;
  @ApiProperty(timestamp) occurred_at!: string;
  @ApiProperty(nullableTimestamp) updated_at!: string | null;
}

export class ActivityPageDto extends ListPageDto(ActivityDto, 'activities') {}
