import { UuidBody } from '../../common/body-fields';
import { CUSTOMER_LIMITS, type CustomerStatus } from '../customer.constants';
import {
  EmailField,
  NameField,
  StatusField,
  TagsField,
  TextField,
} from './customer-fields';

export class CreateCustomerDto {
  @NameField(true)
  name!: string;

  @EmailField()
  email?: string | null;

  @TextField(
    'Phone number, as the customer gave it',
    CUSTOMER_LIMITS.phone,
    '+44 20 7946 0001',
  )
  phone?: string | null;

  @UuidBody('company', {
    required: false,
    nullable: true,
    description:
      'A live company of the workspace (422 otherwise); null unlinks the person.',
  })
  company_id?: string | null;

  @StatusField()
  status?: CustomerStatus;

  @TagsField()
  tags?: string[];

  @TextField('Free-form notes', CUSTOMER_LIMITS.notes)
  notes?: string | null;
}
