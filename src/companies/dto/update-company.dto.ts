import { OmitType } from '@nestjs/swagger';
import { CreateCompanyDto } from './create-company.dto';
import { CompanyNameField } from './company-fields';

/** Every field optional; nullable ones may be cleared with null. */
export class UpdateCompanyDto extends OmitType(CreateCompanyDto, [
  'name',
] as const) {
  @CompanyNameField(false)
  name?: string;
}
