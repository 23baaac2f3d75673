import { IdParam } from '../../common/api-fields';
import { WorkspaceParamsDto } from '../../workspaces/dto/workspace-input.dto';

export class CustomerParamsDto extends WorkspaceParamsDto {
  @IdParam('customer')
  id!: string;
}
