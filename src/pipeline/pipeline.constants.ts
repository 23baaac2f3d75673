export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export const DEAL_SORTS = [
  'created_at',
  '-created_at',
  'updated_at',
  '-updated_at',
  'title',
  '-title',
  'amount',
  '-amount',
] as const;
export type DealSort = (typeof DEAL_SORTS)[number];

/** Field bounds, as the database's check constraints hold them (supabase/migrations). */
export const PIPELINE_LIMITS = {
  name: 100,
  title: 200,
  /** numeric(14, 2) */
  amount: 999_999_999_999.99,
  pipelines: 100,
  stages: 100,
} as const;

/** A person's part in a deal (the database's enum `deal_contact_role`). */
export const DEAL_CONTACT_ROLES = [
  'decision_maker',
  'champion',
  'influencer',
  'user',
  'other',
] as const;
export type DealContactRole = (typeof DEAL_CONTACT_ROLES)[number];

/** How many people a deal holds (deal_contacts_before_write). */
export const DEAL_CONTACTS_MAX = 100;
