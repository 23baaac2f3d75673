import { ApiProperty } from '@nestjs/swagger';
import { EnumBody, UuidBody } from '../../common/body-fields';
import { IdParam } from '../../common/param-fields';
import { DealParamsDto } from '../../common/route-params.dto';
import {
  DEAL_CONTACT_ROLES,
  DEAL_CONTACTS_MAX,
  type DealContactRole,
} from '../pipeline.constants';

export class DealContactParamsDto extends DealParamsDto {
  @IdParam('customer') customerId!: string;
}

export class AddDealContactDto {
  @UuidBody('customer', {
    description: 'A live person of the workspace, not yet on the deal.',
  })
  customer_id!: string;

  @EnumBody('role', DEAL_CONTACT_ROLES, {
    required: false,
    description: 'Their part in the deal (`other` when left out).',
  })
  role?: DealContactRole;
}

export class UpdateDealContactDto {
  @EnumBody('role', DEAL_CONTACT_ROLES, {
    description: 'Their part in the deal.',
  })
  role!: DealContactRole;
}

const uuid = { format: 'uuid', maxLength: 36 } as const;
const timestamp = { type: String, format: 'date-time', maxLength: 40 } as const;

export class ContactPersonDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty({ minLength: 1, maxLength: 200 }) name!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'email',
    maxLength: 320,
  })
  email!: string | null;
}

/** A person on a deal, and their part in it. */
export class DealContactDto {
  @ApiProperty(uuid) deal_id!: string;
  @ApiProperty(uuid) customer_id!: string;
  @ApiProperty({ enum: DEAL_CONTACT_ROLES }) role!: DealContactRole;
  @ApiProperty({ type: ContactPersonDto }) customer!: ContactPersonDto;
  @ApiProperty({
    ...uuid,
    type: String,
    nullable: true,
    description:
      'Who put them on the deal (null once that account is deleted).',
  })
  created_by!: string | null;
  @ApiProperty(timestamp) created_at!: string;
  @ApiProperty(timestamp) updated_at!: string;
}

export class DealContactListDto {
  @ApiProperty({ type: [DealContactDto], maxItems: DEAL_CONTACTS_MAX })
  data!: DealContactDto[];
}
