import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
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
  ValidateIf,
} from 'class-validator';

// Query and path parameters, each declared once: the same numbers bound the validation and the
// OpenAPI document (src/docs/dto-bounds.spec.ts holds every DTO to that).

const UUID_PATTERN =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/**
 * A calendar date, YYYY-MM-DD, from the year 1000 (IsISO8601 strict then checks that the day
 * exists; it refuses years before 100).
 */
const DATE_PATTERN = '^[1-9]\\d{3}-\\d{2}-\\d{2}$';
/** Longer than any ISO 8601 instant (2026-11-25T02:50:18.757917+05:30 is 32). */
const ISO_8601_MAX_LENGTH = 40;

export function IdParam(name: string) {
  return applyDecorators(
    ApiProperty({
      format: 'uuid',
      pattern: UUID_PATTERN,
      maxLength: 36,
      description: `The ${name}'s id.`,
    }),
    IsUUID('all', { message: '$property must be a UUID' }),
  );
}

/** A numeric id in a path (kept as text; at most 15 digits, exact as a JavaScript number). */
export function SerialParam(name: string) {
  return applyDecorators(
    ApiProperty({
      type: 'string',
      pattern: '^[1-9][0-9]{0,14}$',
      maxLength: 15,
      description: `The ${name}'s id.`,
    }),
    IsString(),
    Matches(/^[1-9][0-9]{0,14}$/, {
      message: '$property must be a positive integer id',
    }),
  );
}

export function IntegerQuery(options: {
  min: number;
  max: number;
  default?: number;
  description?: string;
}) {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'integer',
      minimum: options.min,
      maximum: options.max,
      default: options.default,
      description: options.description,
    }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(options.min),
    Max(options.max),
  );
}

export function TextQuery(options: {
  min: number;
  max: number;
  description: string;
}) {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'string',
      minLength: options.min,
      maxLength: options.max,
      description: options.description,
    }),
    IsOptional(),
    IsString(),
    Length(options.min, options.max),
  );
}

export function DateTimeQuery(name: string, description: string) {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'string',
      format: 'date-time',
      maxLength: ISO_8601_MAX_LENGTH,
      description,
    }),
    IsOptional(),
    MaxLength(ISO_8601_MAX_LENGTH),
    IsISO8601(
      { strict: true },
      { message: `${name} must be an ISO 8601 date or date-time` },
    ),
  );
}

export function EnumQuery<T extends string>(
  name: string,
  values: readonly T[],
  options: { default?: T; description?: string } = {},
) {
  return applyDecorators(
    ApiPropertyOptional({
      enum: values,
      default: options.default,
      description: options.description,
    }),
    IsOptional(),
    IsIn(values, { message: `${name} must be one of ${values.join(', ')}` }),
  );
}

/**
 * One value or a comma-separated list of values of an enum, as text (no spaces). The same
 * pattern is documented and checked; the service splits it.
 */
export function EnumListQuery<T extends string>(
  name: string,
  values: readonly T[],
  description: string,
) {
  const one = `(${values.join('|')})`;
  const pattern = `^${one}(,${one}){0,${values.length - 1}}$`;
  const maxLength = values.join(',').length;
  return applyDecorators(
    ApiPropertyOptional({
      type: 'string',
      pattern,
      maxLength,
      example: values.slice(0, 2).join(','),
      description,
    }),
    IsOptional(),
    IsString(),
    MaxLength(maxLength),
    Matches(new RegExp(pattern), {
      message: `${name} must be one or more of ${values.join(', ')}, separated by commas`,
    }),
  );
}

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
      type: 'integer',
      minimum: options.min,
      maximum: options.max,
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
      description: options.description,
    }),
    ...presence(options),
    MaxLength(ISO_8601_MAX_LENGTH),
    IsISO8601(
      { strict: true },
      { message: `${name} must be an ISO 8601 date-time` },
    ),
  );
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

export function UuidQuery(name: string, description?: string) {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'string',
      format: 'uuid',
      pattern: UUID_PATTERN,
      maxLength: 36,
      description: description ?? `Only those of this ${name}.`,
    }),
    IsOptional(),
    IsUUID('all', { message: '$property must be a UUID' }),
  );
}

export function NumberQuery(options: {
  min: number;
  max: number;
  description: string;
}) {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'number',
      minimum: options.min,
      maximum: options.max,
      description: options.description,
    }),
    IsOptional(),
    Type(() => Number),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(options.min),
    Max(options.max),
  );
}

export function DateQuery(name: string, description: string) {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'string',
      format: 'date',
      pattern: DATE_PATTERN,
      maxLength: 10,
      description,
    }),
    IsOptional(),
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
