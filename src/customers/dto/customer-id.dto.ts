import { IdParam } from '../../common/api-fields';

export class CustomerIdDto {
  @IdParam('customer')
  id!: string;
}
