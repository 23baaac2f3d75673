import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import {
  DATE_PATTERN,
  INSTANT_RANGE,
  ISO_8601_MAX_LENGTH,
  int32,
  UUID_PATTERN,
} from './field-formats';

// Body fields, each declared once for validation and the document alike. `required: false`
// fields may be left out; `nullable` ones may also be sent as null to clear them.

interface BodyFieldOptions {
  required?: boolean;
  nullable?: boolean;
  description?: string;
  example?: unknown;
}

/** Optional fields skip validation when absent (and when null, if they may be null). */
function presence(options: BodyFieldOptions) {
  if (options.required ?? true) return [];
  return [
    options.nullable
      ? IsOptional()
      : ValidateIf((_object, value) => value !== undefined),
  ];
}

const trimmed = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value,
);

export function TextBody(
  options: BodyFieldOptions & { min: number; max: number },
) {
  return applyDecorators(
    ApiProperty({
      type: String,
      required: options.required ?? true,
      nullable: options.nullable,
      minLength: options.min,
      maxLength: options.max,
      description: options.description,
      example: options.example,
    }),
    ...presence(options),
    trimmed,
    IsString(),
    Length(options.min, options.max),
  );
}

export function UuidBody(name: string, options: BodyFieldOptions = {}) {
  return applyDecorators(
    ApiProperty({
      type: String,
      format: 'uuid',
      pattern: UUID_PATTERN,
      maxLength: 36,
      required: options.required ?? true,
      nullable: options.nullable,
      description: options.description ?? `The ${name}'s id.`,
    }),
    ...presence(options),
    IsUUID('all', { message: '$property must be a UUID' }),
  );
}

export function EnumBody<T extends string>(
  name: string,
  values: readonly T[],
  options: BodyFieldOptions = {},
) {
  return applyDecorators(
    ApiProperty({
      enum: values,
      required: options.required ?? true,
      description: options.description,
    }),
    ...presence(options),
    IsIn(values, { message: `${name} must be one of ${values.join(', ')}` }),
  );
}

export function IntegerBody(
  options: BodyFieldOptions & { min: number; max: number },
) {
  return applyDecorators(
    ApiProperty({
      ...int32(options.min, options.max),
      required: options.required ?? true,
      description: options.description,
    }),
    ...presence(options),
    IsInt(),
    Min(options.min),
    Max(options.max),
  );
}

/** A non-negative amount with at most two decimals. */
export function MoneyBody(options: BodyFieldOptions & { max: number }) {
  return applyDecorators(
    ApiProperty({
      type: 'number',
      minimum: 0,
      maximum: options.max,
      multipleOf: 0.01,
      required: options.required ?? true,
      description: options.description,
      example: 12000.5,
    }),
    ...presence(options),
    IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }),
    Min(0),
    Max(options.max),
  );
}

export function PatternBody(
  pattern: string,
  options: BodyFieldOptions & { max: number; message: string },
) {
  return applyDecorators(
    ApiProperty({
      type: String,
      pattern,
      maxLength: options.max,
      required: options.required ?? true,
      nullable: options.nullable,
      description: options.description,
      example: options.example,
    }),
    ...presence(options),
    IsString(),
    MaxLength(options.max),
    Matches(new RegExp(pattern), { message: options.message }),
  );
}

export function DateBody(name: string, options: BodyFieldOptions = {}) {
  return applyDecorators(
    ApiProperty({
      type: String,
      format: 'date',
      pattern: DATE_PATTERN,
      maxLength: 10,
      required: options.required ?? true,
      nullable: options.nullable,
      description: options.description,
    }),
    ...presence(options),
    MaxLength(10),
    Matches(new RegExp(DATE_PATTERN), {
      message: `${name} must be a date (YYYY-MM-DD)`,
    }),
    IsISO8601(
      { strict: true },
      { message: `${name} must be a date (YYYY-MM-DD)` },
    ),
  );
}

export function DateTimeBody(name: string, options: BodyFieldOptions = {}) {
  return applyDecorators(
    ApiProperty({
      type: String,
      format: 'date-time',
      maxLength: ISO_8601_MAX_LENGTH,
      required: options.required ?? true,
      nullable: options.nullable,
      description: [options.description, 'From the year 1000 to 9999 (UTC).']
        .filter(Boolean)
        .join(' '),
    }),
    ...presence(options),
    MaxLength(ISO_8601_MAX_LENGTH),
    IsISO8601(
      { strict: true },
      { message: `${name} must be an ISO 8601 date-time` },
    ),
    WithinYears(name),
  );
}

/** The database keeps instants of the years 1000 to 9999 (UTC) only. */
function WithinYears(name: string) {
  return ValidateBy({
    name: 'isWithinYears',
    validator: {
      validate: (value: unknown) => {
        const instant = typeof value === 'string' ? Date.parse(value) : NaN;
        return instant >= INSTANT_RANGE.from && instant < INSTANT_RANGE.to;
      },
      defaultMessage: () =>
        `${name} must lie within the years 1000 to 9999 (UTC)`,
    },
  });
}

export function BooleanBody(name: string, options: BodyFieldOptions = {}) {
  return applyDecorators(
    ApiProperty({
      type: Boolean,
      required: options.required ?? true,
      description: options.description,
    }),
    ...presence(options),
    IsBoolean({ message: `${name} must be true or false` }),
  );
}

export function UuidListBody(
  name: string,
  options: BodyFieldOptions & { max: number },
) {
  return applyDecorators(
    ApiProperty({
      type: 'array',
      items: { type: 'string', format: 'uuid', maxLength: 36 },
      maxItems: options.max,
      uniqueItems: true,
      required: options.required ?? true,
      description: options.description,
    }),
    ...presence(options),
    IsArray(),
    ArrayMaxSize(options.max),
    ArrayUnique(),
    IsUUID('all', { each: true, message: `each of ${name} must be a UUID` }),
  );
}
