import { IdParam } from './param-fields';

// The path parameters that routes of several features share: the workspace every route nests
// under, and the customer, deal and company that the timeline and other lists nest under too.

export class WorkspaceParamsDto {
  @IdParam('workspace') workspaceId!: string;
}

export class CustomerParamsDto extends WorkspaceParamsDto {
  @IdParam('customer') id!: string;
}

export class DealParamsDto extends WorkspaceParamsDto {
  @IdParam('deal') dealId!: string;
}

export class CompanyParamsDto extends WorkspaceParamsDto {
  @IdParam('company') id!: string;
}
