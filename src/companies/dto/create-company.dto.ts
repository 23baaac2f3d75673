import { COMPANY_LIMITS } from '../company.constants';
import {
  CompanyNameField,
  CompanyTagsField,
  CompanyTextField,
  CountryField,
  DomainField,
  EmployeesField,
  PlainTextField,
} from './company-fields';

export class CreateCompanyDto {
  @CompanyNameField(true)
  name!: string;

  @DomainField()
  domain?: string | null;

  @CompanyTextField('Industry, free text', COMPANY_LIMITS.industry, 'Software')
  industry?: string | null;

  @EmployeesField()
  employees?: number | null;

  @CountryField()
  country?: string | null;

  @CompanyTextField('City', COMPANY_LIMITS.city, 'London')
  city?: string | null;

  @PlainTextField('Switchboard phone number', COMPANY_LIMITS.phone)
  phone?: string | null;

  @CompanyTagsField()
  tags?: string[];

  @PlainTextField('Free-form notes', COMPANY_LIMITS.notes)
  notes?: string | null;
}
