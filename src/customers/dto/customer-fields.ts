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
import { CUSTOMER_STATUSES } from '../customer.constants';

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
      maxLength: 200,
      example: 'Ada Lovelace',
    }),
    ...(required ? [] : [Omittable()]),
    trim,
    IsString(),
    Length(1, 200),
  );
}

export function EmailField() {
  return applyDecorators(
    ApiProperty({
      required: false,
      nullable: true,
      type: String,
      format: 'email',
      maxLength: 320,
      example: 'ada@example.com',
      description:
        'Unique per owner among live customers, compared case-insensitively; stored in lower case.',
    }),
    Clearable(),
    trim,
    IsEmail({}, { message: 'email must be a valid email address' }),
    MaxLength(320),
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
      items: { type: 'string', minLength: 1, maxLength: 50 },
      maxItems: 20,
      uniqueItems: true,
      example: ['vip'],
      description: 'Up to 20 distinct tags of 1 to 50 characters.',
    }),
    Omittable(),
    ArrayMaxSize(20),
    ArrayUnique(),
    IsString({ each: true }),
    Length(1, 50, { each: true }),
  );
}
