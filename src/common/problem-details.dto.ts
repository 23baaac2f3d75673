import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_REPORTED_ERRORS } from './validation.pipe';
import { int32 } from './field-formats';

class FieldErrorDto {
  @ApiProperty({ example: 'email', maxLength: 200 }) field!: string;
  @ApiProperty({
    example: 'email must be a valid email address',
    maxLength: 1000,
  })
  message!: string;
}

/** RFC 9457 problem details (`application/problem+json`), for the OpenAPI document. */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'about:blank', maxLength: 200 }) type!: string;
  @ApiProperty({ example: 'Bad Request', maxLength: 100 }) title!: string;
  @ApiProperty({ ...int32(400, 599), example: 400 })
  status!: number;
  @ApiProperty({
    example: 'The request is invalid: email must be a valid email address.',
    maxLength: 20_000,
  })
  detail!: string;
  @ApiPropertyOptional({
    example:
      '/api/v1/workspaces/00000000-0000-4000-8000-0000000000d1/customers',
    maxLength: 16_384,
  })
  instance?: string;
  @ApiPropertyOptional({
    description: 'The x-request-id of the request, for support.',
    maxLength: 128,
  })
  request_id?: string;
  @ApiPropertyOptional({
    type: [FieldErrorDto],
    maxItems: MAX_REPORTED_ERRORS,
    description: `Validation errors, per field (at most ${MAX_REPORTED_ERRORS}).`,
  })
  errors?: FieldErrorDto[];
  @ApiPropertyOptional({
    format: 'uuid',
    maxLength: 36,
    description:
      'For a record merged into another: the id of the one it was merged into.',
  })
  merged_into?: string;
}
