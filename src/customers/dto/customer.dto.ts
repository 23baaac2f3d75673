import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CUSTOMER_STATUSES, type CustomerStatus } from '../customer.constants';

/** A customer as the API returns it (snake_case, as the database has it). */
export class CustomerDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The user who owns it.' })
  owner_id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String, format: 'email' }) email!:
    string | null;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) company!: string | null;
  @ApiProperty({ enum: CUSTOMER_STATUSES }) status!: CustomerStatus;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  deleted_at!: string | null;
}

export class PageMetaDto {
  @ApiProperty({ description: 'Page mode: the page number.' }) page!: number;
  @ApiProperty() limit!: number;
  @ApiProperty({
    description: 'Customers matching the filters, across all pages.',
  })
  total!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'Cursor of the next page (switch to cursor mode); null on the last page.',
  })
  next_cursor!: string | null;
}

export class CursorMetaDto {
  @ApiProperty() limit!: number;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Cursor of the next page; null on the last page.',
  })
  next_cursor!: string | null;
}

export class CustomerPageDto {
  @ApiProperty({ type: [CustomerDto] }) data!: CustomerDto[];
  @ApiProperty({
    description:
      'Page mode (`page`, or neither `page` nor `cursor`) carries `total`; cursor mode does not.',
    anyOf: [
      { $ref: '#/components/schemas/PageMetaDto' },
      { $ref: '#/components/schemas/CursorMetaDto' },
    ],
  })
  meta!: PageMetaDto | CursorMetaDto;
}
