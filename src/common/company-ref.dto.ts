import type { ApiPropertyOptions } from '@nestjs/swagger';

/** The company a person or a deal is linked to, as their reads embed it. */
export interface CompanyRefDto {
  id: string;
  name: string;
  domain: string | null;
}

/**
 * The embed on a read, as an inline schema: OpenAPI 3.0 cannot make a `$ref` nullable, and the
 * link stays when the company is deleted, so a deleted one shows too.
 */
export const companyEmbed = {
  type: 'object',
  additionalProperties: false,
  selfRequired: true,
  nullable: true,
  required: ['id', 'name', 'domain'],
  properties: {
    id: { type: 'string', format: 'uuid', maxLength: 36 },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    domain: {
      type: 'string',
      nullable: true,
      maxLength: 253,
      example: 'analytical.example',
      description: 'Registrable domain.',
    },
  },
  description:
    'The company of `company_id` (id, name, domain), also once it is deleted; null without one.',
} satisfies ApiPropertyOptions;
