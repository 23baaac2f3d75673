import { ApiProperty } from '@nestjs/swagger';

/** The company a person or a deal is linked to, as their reads embed it. */
export class CompanyRefDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 }) id!: string;
  @ApiProperty({ minLength: 1, maxLength: 200 }) name!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: 253,
    example: 'analytical.example',
    description: 'Registrable domain.',
  })
  domain!: string | null;
}

/** The embed on a read: the linked company (deleted ones too, since the link stays), or null. */
export const companyEmbed = {
  type: CompanyRefDto,
  nullable: true,
  description:
    'The company of `company_id` (id, name, domain), also once it is deleted; null without one.',
} as const;
