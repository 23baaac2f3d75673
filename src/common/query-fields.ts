import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
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
} from 'class-validator';
import {
  DATE_PATTERN,
  ISO_8601_MAX_LENGTH,
  int32,
  UUID_PATTERN,
} from './field-formats';

// Query parameters, each declared once: the same numbers bound the validation and the OpenAPI
// document (src/docs/dto-bounds.spec.ts holds every DTO to that). All are optional.

export function IntegerQuery(options: {
  min: number;
  max: number;
  default?: number;
  description?: string;
}) {
  return applyDecorators(
    ApiPropertyOptional({
      ...int32(options.min, options.max),
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
