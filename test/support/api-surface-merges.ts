import { randomUUID } from 'node:crypto';
import { noSuch, refusal, type FunctionSurface } from './api-surface-shape';
import { admin, type Space } from './catalog-fixtures';

/** The merge functions, declared as test/support/api-surface.ts says. */

/**
 * A record merged into `into`, as a merge leaves it, written the way a merge writes (with
 * `crm.merging` on: no timeline entry about a merged-away record is accepted).
 */
export async function mergedAway(
  table: 'companies' | 'customers',
  workspaceId: string,
  into: string,
) {
  const id = randomUUID();
  for (const value of [workspaceId, into])
    if (!UUID.test(value)) throw new Error(`not a uuid: ${value}`);
  await admin(
    `do $$ begin
       perform set_config('crm.merging', 'on', true);
       insert into public.${table} (id, workspace_id, name, deleted_at, merged_into)
       values ('${id}', '${workspaceId}', 'Merged away', now(), '${into}');
     end $$`,
  );
  return id;
}
const UUID = /^[0-9a-f-]{36}$/;

/** A live company of the space nobody else uses (each merge uses up its duplicate). */
export const freshCompany = async (space: Space) =>
  (
    await admin<{ id: string }>(
      `insert into public.companies (workspace_id, name) values ($1, 'Fresh company') returning id`,
      [space.id],
    )
  )[0].id;

/** A live person of the space nobody else uses. */
export const freshPerson = async (space: Space) =>
  (
    await admin<{ id: string }>(
      `insert into public.customers (workspace_id, name) values ($1, 'Fresh person') returning id`,
      [space.id],
    )
  )[0].id;

const NO_COMPANY = noSuch('company in this workspace');
const NO_CUSTOMER = noSuch('customer in this workspace');

export const MERGE_FUNCTIONS: Record<string, FunctionSurface> = {
  merge_companies: {
    minimum: 'member',
    writes: true,
    notFound: NO_COMPANY,
    ids: { p_survivor_id: 'scope', p_duplicate_id: NO_COMPANY },
    texts: {},
    others: [],
    call: async (space) => ({
      p_survivor_id: await freshCompany(space),
      p_duplicate_id: await freshCompany(space),
    }),
    refusals: [
      {
        name: 'a company merged into itself',
        as: 'member',
        args: async (own) => {
          const id = await freshCompany(own);
          return { p_survivor_id: id, p_duplicate_id: id };
        },
        refusal: refusal('PT422', 'a company cannot be merged into itself'),
      },
      {
        name: 'a duplicate merged away already',
        as: 'member',
        args: async (own) => ({
          p_survivor_id: await freshCompany(own),
          p_duplicate_id: await mergedAway('companies', own.id, own.companyId),
        }),
        refusal: refusal('PT404', 'the duplicate was merged into another'),
      },
    ],
  },
  merge_customers: {
    minimum: 'member',
    writes: true,
    notFound: NO_CUSTOMER,
    ids: { p_survivor_id: 'scope', p_duplicate_id: NO_CUSTOMER },
    texts: {},
    others: [],
    call: async (space) => ({
      p_survivor_id: await freshPerson(space),
      p_duplicate_id: await freshPerson(space),
    }),
    refusals: [
      {
        name: 'a customer merged into itself',
        as: 'member',
        args: async (own) => {
          const id = await freshPerson(own);
          return { p_survivor_id: id, p_duplicate_id: id };
        },
        refusal: refusal('PT422', 'a customer cannot be merged into itself'),
      },
      {
        name: 'a survivor merged away already',
        as: 'member',
        args: async (own) => ({
          p_survivor_id: await mergedAway('customers', own.id, own.customerId),
          p_duplicate_id: await freshPerson(own),
        }),
        refusal: refusal('PT404', 'the customer was merged into another'),
      },
    ],
  },
};
