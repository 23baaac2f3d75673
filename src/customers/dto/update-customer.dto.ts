import { OmitType } from '@nestjs/swagger';
import { CreateCustomerDto } from './create-customer.dto';
import { NameField } from './customer-fields';

/** Every field optional; nullable ones may be cleared with null. */
export class UpdateCustomerDto extends OmitType(CreateCustomerDto, [
  'name',
] as const) {
  @NameField(false)
  name?: string;
}
