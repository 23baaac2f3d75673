import type { CustomerStatus } from '../customer.constants';
import {
  EmailField,
  NameField,
  StatusField,
  TagsField,
  TextField,
} from './customer-fields';

/** Every field optional; nullable ones may be cleared with null. */
export class UpdateCustomerDto {
  @NameField(false)
  name?: string;

  @EmailField()
  email?: string | null;

  @TextField('Phone number, as the customer gave it', 50, '+44 20 7946 0001')
  phone?: string | null;

  @TextField('Company name', 200, 'Analytical Engines Ltd')
  company?: string | null;

  @StatusField()
  status?: CustomerStatus;

  @TagsField()
  tags?: string[];

  @TextField('Free-form notes', 10_000)
  notes?: string | null;
}
