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

  @TextField('Company name', CUSTOMER_LIMITS.company, 'Analytical Engines Ltd')
  company?: string | null;

  @StatusField()
  status?: CustomerStatus;

  @TagsField()
  tags?: string[];

  @TextField('Free-form notes', CUSTOMER_LIMITS.notes)
  notes?: string | null;
}
