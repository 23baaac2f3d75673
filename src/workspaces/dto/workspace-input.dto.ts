import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PatternBody } from '../../common/body-fields';
import { CURRENCY_PATTERN } from '../../common/field-formats';
import { IdParam } from '../../common/param-fields';
import { WorkspaceParamsDto } from '../../common/route-params.dto';
import {
  INVITATION_EMAIL_MAX,
  WORKSPACE_NAME_MAX,
  WORKSPACE_ROLES,
  type WorkspaceRole,
} from '../workspace.constants';

const trim = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value,
);

function NameField(options: { required?: boolean } = {}) {
  return applyDecorators(
    ApiProperty({
      minLength: 1,
      maxLength: WORKSPACE_NAME_MAX,
      example: 'Acme Sales',
      required: options.required ?? true,
    }),
    ...(options.required === false
      ? [ValidateIf((_object, value) => value !== undefined)]
      : []),
    trim,
    IsString(),
    Length(1, WORKSPACE_NAME_MAX),
  );
}

function RoleField(description: string) {
  return applyDecorators(
    ApiProperty({ enum: WORKSPACE_ROLES, description }),
    IsIn(WORKSPACE_ROLES, {
      message: `role must be one of ${WORKSPACE_ROLES.join(', ')}`,
    }),
  );
}

export class CreateWorkspaceDto {
  @NameField() name!: string;
}

export class UpdateWorkspaceDto {
  @NameField({ required: false }) name?: string;

  @PatternBody(CURRENCY_PATTERN, {
    max: 3,
    required: false,
    message:
      'default_currency must be an ISO 4217 code of three capital letters',
    description: 'The currency of new deals that name none.',
    example: 'EUR',
  })
  default_currency?: string;
}

export class UpdateMemberDto {
  @RoleField('Admins set viewer, member or admin; owners also owner.')
  role!: WorkspaceRole;
}

export class CreateInvitationDto {
  @ApiProperty({
    format: 'email',
    maxLength: INVITATION_EMAIL_MAX,
    example: 'sam@example.com',
  })
  @trim
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(INVITATION_EMAIL_MAX)
  email!: string;

  @RoleField('The role the invitee gets; only owners invite owners.')
  role!: WorkspaceRole;
}

export class AcceptInvitationDto {
  @ApiProperty({ minLength: 64, maxLength: 64, pattern: '^[0-9a-f]{64}$' })
  @IsString()
  @Length(64, 64)
  @Matches(/^[0-9a-f]{64}$/, {
    message: 'token must be the 64 hex characters given',
  })
  token!: string;
}

export class MemberParamsDto extends WorkspaceParamsDto {
  @IdParam('member (user)') userId!: string;
}

export class InvitationParamsDto extends WorkspaceParamsDto {
  @IdParam('invitation') invitationId!: string;
}
