// The API's answers as its OpenAPI document declares them (client/api.d.ts, generated): specs
// read responses with these, so a change of the contract is a type error where a spec relies on it.
import type { components } from '../../client/api';

type Schemas = components['schemas'];

export type Workspace = Schemas['WorkspaceDto'];
export type CreatedInvitation = Schemas['CreatedInvitationDto'];
export type MemberList = Schemas['MemberListDto'];

export type Customer = Schemas['CustomerDto'];
/** A customers page in either mode: page mode's fields (page, total) may be absent. */
export type CustomerPage = Schemas['CustomerPageDto'] & {
  meta: Partial<Schemas['CustomerPageMetaDto']>;
};

export type Pipeline = Schemas['PipelineDto'];
export type PipelineList = Schemas['PipelineListDto'];
export type Stage = Schemas['StageDto'];
export type StageList = Schemas['StageListDto'];
export type StageDeals = Schemas['StageDealsDto'];
export type Deal = Schemas['DealDto'];
export type Board = Schemas['BoardDto'];

export type Activity = Schemas['ActivityDto'];
export type ActivityPage = Schemas['ActivityPageDto'];

export type Company = Schemas['CompanyDto'];
/** A companies page in either mode: page mode's fields (page, total) may be absent. */
export type CompanyPage = Schemas['CompanyPageDto'] & {
  meta: Partial<Schemas['CompanyPageMetaDto']>;
};
export type CompanyPersonPage = Schemas['CompanyPersonPageDto'] & {
  meta: Partial<Schemas['CompanyPersonPageMetaDto']>;
};
export type CompanyDealPage = Schemas['CompanyDealPageDto'] & {
  meta: Partial<Schemas['CompanyDealPageMetaDto']>;
};
