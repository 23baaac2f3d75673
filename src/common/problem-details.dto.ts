import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'email' }) field!: string;
  @ApiProperty({ example: 'email must be a valid email address' })
  message!: string;
}

/** RFC 9457 problem details (`application/problem+json`), for the OpenAPI document. */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'about:blank' }) type!: string;
  @ApiProperty({ example: 'Bad Request' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({
    example: 'The request is invalid: email must be a valid email address.',
  })
  detail!: string;
  @ApiPropertyOptional({ example: '/api/v1/customers' }) instance?: string;
  @ApiPropertyOptional({
    description: 'The x-request-id of the request, for support.',
  })
  request_id?: string;
  @ApiPropertyOptional({
    type: [FieldErrorDto],
    description: 'Validation errors, per field.',
  })
  errors?: FieldErrorDto[];
}
