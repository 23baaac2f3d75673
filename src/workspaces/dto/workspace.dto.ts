import { ApiProperty } from '@nestjs/swagger';
import { CURRENCY_PATTERN } from '../../common/field-formats';
import {
  WORKSPACE_NAME_MAX,
  WORKSPACE_ROLES,
  type WorkspaceRole,
} from '../workspace.constants';

const timestamp = { type: String, format: 'date-time', maxLength: 40 };

/** A workspace as the caller sees it, with the caller's role in it. */
export class WorkspaceDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 }) id!: string;
  @ApiProperty({ minLength: 1, maxLength: WORKSPACE_NAME_MAX }) name!: string;
  @ApiProperty({
    description:
      'Every user has one from sign-up; it cannot be deleted, and can be shared like any other.',
  })
  personal!: boolean;
  @ApiProperty({
    pattern: CURRENCY_PATTERN,
    maxLength: 3,
    example: 'EUR',
    description: 'The currency of new deals that name none (ISO 4217).',
  })
  default_currency!: string;
  @ApiProperty({ enum: WORKSPACE_ROLES, description: 'Your role in it.' })
  role!: WorkspaceRole;
  @ApiProperty(timestamp) created_at!: string;
}

export class WorkspaceListDto {
  @ApiProperty({ type: [WorkspaceDto], maxItems: 10_000 })
  data!: WorkspaceDto[];
}

export class MemberDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 }) user_id!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'email',
    maxLength: 320,
  })
  email!: string | null;
  @ApiProperty({ enum: WORKSPACE_ROLES }) role!: WorkspaceRole;
  @ApiProperty(timestamp) joined_at!: string;
}

export class MemberListDto {
  @ApiProperty({ type: [MemberDto], maxItems: 10_000 }) data!: MemberDto[];
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 }) id!: string;
  @ApiProperty({ format: 'uuid', maxLength: 36 }) workspace_id!: string;
  @ApiProperty({ format: 'email', maxLength: 320 }) email!: string;
  @ApiProperty({ enum: WORKSPACE_ROLES }) role!: WorkspaceRole;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', maxLength: 36 })
  invited_by!: string | null;
  @ApiProperty(timestamp) created_at!: string;
  @ApiProperty(timestamp) expires_at!: string;
}

export class CreatedInvitationDto extends InvitationDto {
  @ApiProperty({
    minLength: 64,
    maxLength: 64,
    pattern: '^[0-9a-f]{64}$',
    description:
      'The one-time token, shown this once (only its hash is stored). Pass it on to the invitee, ' +
      'who accepts with POST /invitations/accept; valid 7 days.',
  })
  token!: string;
}

export class InvitationListDto {
  @ApiProperty({ type: [InvitationDto], maxItems: 10_000 })
  data!: InvitationDto[];
}

export class AcceptedInvitationDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 }) workspace_id!: string;
  @ApiProperty({ enum: WORKSPACE_ROLES }) role!: WorkspaceRole;
}
