import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { CUSTOMER_LIMITS, CUSTOMER_STATUSES } from '../customer.constants';

const trim = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value,
);

/** Optional, and may be sent as null to clear it. */
const Clearable = () => IsOptional();
/** Optional, but never null: the column has no empty state. */
const Omittable = () => ValidateIf((_object, value) => value !== undefined);

/** `required`: must be present (create); otherwise it may be left out (update). */
export function NameField(required: boolean) {
  return applyDecorators(
    ApiProperty({
      required,
      minLength: 1,
      maxLength: CUSTOMER_LIMITS.name,
      example: 'Ada Lovelace',
    }),
    ...(required ? [] : [Omittable()]),
    trim,
    IsString(),
    Length(1, CUSTOMER_LIMITS.name),
  );
}

export function EmailField() {
  return applyDecorators(
    ApiProperty({
      required: false,
      nullable: true,
      type: String,
      format: 'email',
      maxLength: CUSTOMER_LIMITS.email,
      example: 'ada@example.com',
      description:
        'Unique among the workspace’s live customers, compared case-insensitively; stored in lower case.',
    }),
    Clearable(),
    trim,
    IsEmail({}, { message: 'email must be a valid email address' }),
    MaxLength(CUSTOMER_LIMITS.email),
  );
}

export function TextField(name: string, maxLength: number, example?: string) {
  return applyDecorators(
    ApiProperty({
      required: false,
      nullable: true,
      type: String,
      maxLength,
      example,
      description: name,
    }),
    Clearable(),
    IsString(),
    MaxLength(maxLength),
  );
}

export function StatusField() {
  return applyDecorators(
    ApiProperty({ required: false, enum: CUSTOMER_STATUSES, default: 'lead' }),
    Omittable(),
    IsIn(CUSTOMER_STATUSES, {
      message: `status must be one of ${CUSTOMER_STATUSES.join(', ')}`,
    }),
  );
}

export function TagsField() {
  return applyDecorators(
    ApiProperty({
      required: false,
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: CUSTOMER_LIMITS.tag },
      maxItems: CUSTOMER_LIMITS.tags,
      uniqueItems: true,
      example: ['vip'],
      description: `Up to ${CUSTOMER_LIMITS.tags} distinct tags of 1 to ${CUSTOMER_LIMITS.tag} characters.`,
    }),
    Omittable(),
    ArrayMaxSize(CUSTOMER_LIMITS.tags),
    ArrayUnique(),
    IsString({ each: true }),
    Length(1, CUSTOMER_LIMITS.tag, { each: true }),
  );
}
