import { sql } from '../support/database';

// Rows for the merge specs, written as the service role: each test makes its own.

export interface Row {
  id: string;
}

const one = async (text: string, values: unknown[]) =>
  (await sql<Row>(text, values))[0].id;

export const aCompany = (
  workspaceId: string,
  fields: Record<string, unknown> = {},
) => {
  const row = { name: 'Company', tags: [], ...fields };
  const columns = Object.keys(row);
  return one(
    `insert into public.companies (workspace_id, ${columns.join(', ')})
     values ($1, ${columns.map((_, i) => `$${i + 2}`).join(', ')}) returning id`,
    [workspaceId, ...Object.values(row)],
  );
};

export const aPerson = (
  workspaceId: string,
  fields: Record<string, unknown> = {},
) => {
  const row = { name: 'Person', tags: [], ...fields };
  const columns = Object.keys(row);
  return one(
    `insert into public.customers (workspace_id, ${columns.join(', ')})
     values ($1, ${columns.map((_, i) => `$${i + 2}`).join(', ')}) returning id`,
    [workspaceId, ...Object.values(row)],
  );
};

export const aDeal = (
  workspaceId: string,
  links: { company_id?: string; customer_id?: string } = {},
) =>
  one(
    `insert into public.deals (workspace_id, pipeline_id, stage_id, title, company_id, customer_id)
     select $1, s.pipeline_id, s.id, 'Deal', $2, $3 from public.pipeline_stages s
      where s.workspace_id = $1 order by s.position limit 1
     returning id`,
    [workspaceId, links.company_id ?? null, links.customer_id ?? null],
  );

export const aContact = (
  workspaceId: string,
  dealId: string,
  customerId: string,
  role = 'other',
) =>
  sql(
    `insert into public.deal_contacts (workspace_id, deal_id, customer_id, role)
     values ($1, $2, $3, $4)`,
    [workspaceId, dealId, customerId, role],
  );

/** A note about the company or the person. */
export const aNote = (
  workspaceId: string,
  subject: { company_id?: string; customer_id?: string },
) =>
  sql(
    `insert into public.activities (workspace_id, company_id, customer_id, kind, body)
     values ($1, $2, $3, 'note', 'A note')`,
    [workspaceId, subject.company_id ?? null, subject.customer_id ?? null],
  );

/** The newest timeline id of a workspace: entries after it are what a call wrote. */
export const lastEntry = async (workspaceId: string) =>
  (
    await sql<{ id: number }>(
      `select coalesce(max(id), 0)::int as id from public.activities where workspace_id = $1`,
      [workspaceId],
    )
  )[0].id;

export const entriesSince = (workspaceId: string, after: number) =>
  sql<{
    kind: string;
    company_id: string | null;
    customer_id: string | null;
    deal_id: string | null;
    payload: Record<string, unknown>;
  }>(
    `select kind::text, company_id, customer_id, deal_id, payload from public.activities
      where workspace_id = $1 and id > $2 order by id`,
    [workspaceId, after],
  );

/** Rows of a workspace that point at a record merged away: a merge leaves none. */
export const orphans = async (workspaceId: string) =>
  (
    await sql<{ n: number }>(
      `select (
         (select count(*) from public.customers p join public.companies c on c.id = p.company_id
           where c.merged_into is not null and p.workspace_id = $1)
       + (select count(*) from public.deals d join public.companies c on c.id = d.company_id
           where c.merged_into is not null and d.workspace_id = $1)
       + (select count(*) from public.deals d join public.customers c on c.id = d.customer_id
           where c.merged_into is not null and d.workspace_id = $1)
       + (select count(*) from public.deal_contacts dc
            join public.customers c on c.id = dc.customer_id
           where c.merged_into is not null and dc.workspace_id = $1)
       + (select count(*) from public.activities a join public.companies c on c.id = a.company_id
           where c.merged_into is not null and a.workspace_id = $1)
       + (select count(*) from public.activities a join public.customers c on c.id = a.customer_id
           where c.merged_into is not null and a.workspace_id = $1)
       )::int as n`,
      [workspaceId],
    )
  )[0].n;
