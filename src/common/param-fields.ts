import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, IsUUID, Matches } from 'class-validator';
import { UUID_PATTERN } from './field-formats';

// Path parameters, each declared once: the same numbers bound the validation and the OpenAPI
// document (src/docs/dto-bounds.spec.ts holds every DTO to that).

export function IdParam(name: string) {
  return applyDecorators(
    ApiProperty({
      format: 'uuid',
      pattern: UUID_PATTERN,
      maxLength: 36,
      description: `The ${name}'s id.`,
    }),
    IsUUID('all', { message: '$property must be a UUID' }),
    // Postgres reads a uuid in either case; one spelling keeps what hashes or seals an id
    // (Idempotency-Key requests, list cursors) equal for the same request.
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.toLowerCase() : value,
    ),
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
