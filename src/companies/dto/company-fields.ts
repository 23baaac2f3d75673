import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsISO31661Alpha2,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { int32 } from '../../common/field-formats';
import { COMPANY_LIMITS } from '../company.constants';

const trim = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value,
);
const upper = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value,
);

/** Optional, and may be sent as null to clear it. */
const Clearable = () => IsOptional();
/** Optional, but never null: the column has no empty state. */
const Omittable = () => ValidateIf((_object, value) => value !== undefined);

/** `required`: must be present (create); otherwise it may be left out (update). */
export function CompanyNameField(required: boolean) {
  return applyDecorators(
    ApiProperty({
      required,
      minLength: 1,
      maxLength: COMPANY_LIMITS.name,
      example: 'Analytical Engines Ltd',
    }),
    ...(required ? [] : [Omittable()]),
    trim,
    IsString(),
    Length(1, COMPANY_LIMITS.name),
  );
}

export function DomainField() {
  return applyDecorators(
    ApiProperty({
      required: false,
      nullable: true,
      type: String,
      minLength: 1,
      maxLength: COMPANY_LIMITS.domainInput,
      example: 'https://www.analytical-engines.co.uk/about',
      description:
        'A URL or a host: stored as its registrable domain (`analytical-engines.co.uk`), IDNs in ' +
        'punycode. Unique among the workspace’s live companies. Input without a registrable ' +
        'domain (an IP address, a bare suffix) is a 400.',
    }),
    Clearable(),
    trim,
    IsString(),
    Length(1, COMPANY_LIMITS.domainInput),
  );
}

export function CompanyTextField(
  description: string,
  maxLength: number,
  example?: string,
) {
  return applyDecorators(
    ApiProperty({
      required: false,
      nullable: true,
      type: String,
      minLength: 1,
      maxLength,
      example,
      description,
    }),
    Clearable(),
    trim,
    IsString(),
    Length(1, maxLength),
  );
}

export function PlainTextField(description: string, maxLength: number) {
  return applyDecorators(
    ApiProperty({
      required: false,
      nullable: true,
      type: String,
      maxLength,
      description,
    }),
    Clearable(),
    IsString(),
    MaxLength(maxLength),
  );
}

export function EmployeesField() {
  return applyDecorators(
    ApiProperty({
      ...int32(0, COMPANY_LIMITS.employees),
      required: false,
      nullable: true,
      description: 'Headcount.',
    }),
    Clearable(),
    IsInt(),
    Min(0),
    Max(COMPANY_LIMITS.employees),
  );
}

export function CountryField() {
  return applyDecorators(
    ApiProperty({
      required: false,
      nullable: true,
      type: String,
      pattern: '^[A-Za-z]{2}$',
      maxLength: 2,
      example: 'GB',
      description: 'ISO 3166-1 alpha-2 code; stored in capitals.',
    }),
    Clearable(),
    upper,
    IsString(),
    MaxLength(2),
    IsISO31661Alpha2({
      message: 'country must be an ISO 3166-1 alpha-2 code',
    }),
  );
}

export function CompanyTagsField() {
  return applyDecorators(
    ApiProperty({
      required: false,
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: COMPANY_LIMITS.tag },
      maxItems: COMPANY_LIMITS.tags,
      uniqueItems: true,
      example: ['partner'],
      description: `Up to ${COMPANY_LIMITS.tags} distinct tags of 1 to ${COMPANY_LIMITS.tag} characters.`,
    }),
    Omittable(),
    ArrayMaxSize(COMPANY_LIMITS.tags),
    ArrayUnique(),
    IsString({ each: true }),
    Length(1, COMPANY_LIMITS.tag, { each: true }),
  );
}
