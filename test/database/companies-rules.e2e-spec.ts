import { randomUUID } from 'node:crypto';
import type { PostgrestError } from '@supabase/supabase-js';
import { markMerged } from '../support/companies';
import { sharedWorkspace, sql } from '../support/database';
import { type Direct, directWithToken } from '../support/postgrest';
import { signedInUser, type TestUser } from '../support/users';

type Row = Record<string, unknown>;

const codeOf = (error: PostgrestError | null) =>
  error ? { code: error.code, message: error.message } : null;

/**
 * The rules of companies, a person's or deal's company and the people on a deal, as the
 * database holds them for anyone with a token straight through PostgREST (the API answers the
 * same rules with its own words: test/companies).
 */
describe('companies, their links and deal contacts in the database', () => {
  let owner: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let workspaceId: string;
  let otherWorkspaceId: string;
  let asMember: Direct;
  let stageId: string;
  let pipelineId: string;

  beforeAll(async () => {
    [owner, member, viewer] = await Promise.all([
      signedInUser(),
      signedInUser(),
      signedInUser(),
    ]);
    workspaceId = await sharedWorkspace([
      [owner, 'owner'],
      [member, 'member'],
      [viewer, 'viewer'],
    ]);
    otherWorkspaceId = await sharedWorkspace([
      [owner, 'owner'],
      [member, 'member'],
    ]);
    asMember = directWithToken(member.token);
    [{ pipeline_id: pipelineId, stage_id: stageId }] = await sql<{
      pipeline_id: string;
      stage_id: string;
    }>(
      `select s.pipeline_id, s.id as stage_id from public.pipeline_stages s
        where s.workspace_id = $1 order by s.position limit 1`,
      [workspaceId],
    );
  });

  const aCompany = async (fields: Row = {}, as = asMember) => {
    const { data, error } = await as
      .from('companies')
      .insert({ workspace_id: workspaceId, name: 'Acme', ...fields } as never)
      .select('*')
      .single<Row>();
    expect(error).toBeNull();
    return data!;
  };

  const aCustomer = async (fields: Row = {}) => {
    const { data, error } = await asMember
      .from('customers')
      .insert({ workspace_id: workspaceId, name: 'Ann', ...fields } as never)
      .select('id')
      .single<{ id: string }>();
    expect(error).toBeNull();
    return data!.id;
  };

  const aDeal = async (fields: Row = {}) => {
    const { data, error } = await asMember
      .from('deals')
      .insert({
        workspace_id: workspaceId,
        pipeline_id: pipelineId,
        stage_id: stageId,
        title: 'Forty seats',
        ...fields,
      } as never)
      .select('id')
      .single<{ id: string }>();
    expect(error).toBeNull();
    return data!.id;
  };

  const DOMAIN_TAKEN = {
    code: 'PT409',
    message: 'a live company of this workspace already has this domain',
  };
  const uniqueHost = () => `h${randomUUID().slice(0, 8)}.example`;

  describe('domains', () => {
    it('stores the host of a URL, lower case and without www, as the API would send it', async () => {
      const host = uniqueHost();
      const company = await aCompany({
        domain: ` HTTPS://user@WWW.${host.toUpperCase()}:443/about?x=1#top `,
      });
      expect(company.domain).toBe(host);
    });

    it('refuses what is not a host name, naming the check', async () => {
      for (const domain of [
        'acme',
        'acme..example',
        'ac me.example',
        'bücher.example',
      ]) {
        const { error } = await asMember
          .from('companies')
          .insert({ workspace_id: workspaceId, name: 'Bad', domain } as never);
        expect([domain, error?.code, error?.message]).toEqual([
          domain,
          '23514',
          'new row for relation "companies" violates check constraint "companies_domain_check"',
        ]);
      }
    });

    it('keeps a live domain unique in its workspace, not across workspaces or deleted rows', async () => {
      const domain = uniqueHost();
      const first = await aCompany({ domain });
      const again = await asMember
        .from('companies')
        .insert({ workspace_id: workspaceId, name: 'Again', domain } as never);
      expect(codeOf(again.error)).toEqual(DOMAIN_TAKEN);
      const elsewhere = await asMember.from('companies').insert({
        workspace_id: otherWorkspaceId,
        name: 'Elsewhere',
        domain,
      } as never);
      expect(elsewhere.error).toBeNull();

      await asMember
        .from('companies')
        .update({ deleted_at: new Date().toISOString() } as never)
        .eq('id', first.id as string);
      const second = await aCompany({ domain });
      const restore = await asMember
        .from('companies')
        .update({ deleted_at: null } as never)
        .eq('id', first.id as string);
      expect(codeOf(restore.error)).toEqual(DOMAIN_TAKEN);
      expect(second.deleted_at).toBeNull();
    });
  });

  describe('merged records', () => {
    it('lets no client write merged_into', async () => {
      const company = await aCompany();
      const { error } = await asMember
        .from('companies')
        .update({ merged_into: company.id } as never)
        .eq('id', company.id as string);
      expect(codeOf(error)).toEqual({
        code: '42501',
        message: 'permission denied for table companies',
      });
    });

    it('keeps a merged company and a merged customer deleted (409 with the survivor)', async () => {
      const [survivor, merged] = [await aCompany(), await aCompany()];
      await markMerged('companies', {
        [merged.id as string]: survivor.id as string,
      });
      const company = await asMember
        .from('companies')
        .update({ deleted_at: null } as never)
        .eq('id', merged.id as string);
      expect([
        company.error?.code,
        company.error?.message,
        company.error?.details,
      ]).toEqual([
        'PT409',
        'the company was merged into another: it cannot be restored',
        survivor.id,
      ]);

      const [kept, gone] = [await aCustomer(), await aCustomer()];
      await markMerged('customers', { [gone]: kept });
      const customer = await asMember
        .from('customers')
        .update({ deleted_at: null } as never)
        .eq('id', gone);
      expect([
        customer.error?.code,
        customer.error?.message,
        customer.error?.details,
      ]).toEqual([
        'PT409',
        'the record was merged into another: it cannot be restored',
        kept,
      ]);
      const [row] = await sql<{ deleted: boolean }>(
        'select deleted_at is not null as deleted from public.customers where id = $1',
        [gone],
      );
      expect(row.deleted).toBe(true);
    });
  });

  describe('the timeline of a company', () => {
    it('records its creation, changes, deletion and restoration as the member who made them', async () => {
      const company = await aCompany({ industry: 'Engines' });
      await asMember
        .from('companies')
        .update({ industry: 'Computing' } as never)
        .eq('id', company.id as string);
      await asMember
        .from('companies')
        .update({ deleted_at: new Date().toISOString() } as never)
        .eq('id', company.id as string);
      await asMember
        .from('companies')
        .update({ deleted_at: null } as never)
        .eq('id', company.id as string);
      const entries = await sql<{
        kind: string;
        actor_id: string;
        payload: Row;
      }>(
        `select kind::text, actor_id, payload from public.activities
          where company_id = $1 order by id`,
        [company.id],
      );
      expect(entries.map((e) => [e.kind, e.actor_id])).toEqual([
        ['created', member.id],
        ['updated', member.id],
        ['deleted', member.id],
        ['restored', member.id],
      ]);
      expect(entries[0].payload).toMatchObject({
        company: { name: 'Acme', industry: 'Engines' },
      });
      expect(entries[1].payload).toEqual({
        changes: { industry: { from: 'Engines', to: 'Computing' } },
      });
    });

    it('takes a note about one company, and refuses two subjects or a deleted company', async () => {
      const company = await aCompany();
      const note = await asMember
        .from('activities')
        .insert({
          workspace_id: workspaceId,
          company_id: company.id,
          kind: 'note',
          body: 'Met their buyer',
        } as never)
        .select('company_id, actor_id')
        .single();
      expect(note.data).toEqual({
        company_id: company.id,
        actor_id: member.id,
      });

      const both = await asMember.from('activities').insert({
        workspace_id: workspaceId,
        company_id: company.id,
        customer_id: await aCustomer(),
        kind: 'note',
        body: 'Two subjects',
      } as never);
      expect(codeOf(both.error)).toEqual({
        code: 'PT422',
        message:
          'an entry is about a customer, a deal or a company: one of them',
      });

      await sql(
        'update public.companies set deleted_at = now() where id = $1',
        [company.id],
      );
      const gone = await asMember.from('activities').insert({
        workspace_id: workspaceId,
        company_id: company.id,
        kind: 'note',
        body: 'Too late',
      } as never);
      expect(codeOf(gone.error)).toEqual({
        code: 'PT404',
        message: 'no such company in this workspace',
      });
    });
  });

  describe('links to a company', () => {
    const DELETED = {
      code: 'PT422',
      message: 'the company is deleted: restore it before linking to it',
    };

    it('refuses a new link from a person or a deal to a deleted company, and keeps old links', async () => {
      const company = await aCompany();
      const person = await aCustomer({ company_id: company.id });
      const deal = await aDeal({ company_id: company.id });
      await asMember
        .from('companies')
        .update({ deleted_at: new Date().toISOString() } as never)
        .eq('id', company.id as string);

      const newPerson = await asMember.from('customers').insert({
        workspace_id: workspaceId,
        name: 'Late',
        company_id: company.id,
      } as never);
      expect(codeOf(newPerson.error)).toEqual(DELETED);
      const relink = await asMember
        .from('deals')
        .update({ company_id: company.id } as never)
        .eq('id', await aDeal());
      expect(codeOf(relink.error)).toEqual(DELETED);

      const kept = await sql<{ company_id: string }>(
        `select company_id from public.customers where id = $1
         union all select company_id from public.deals where id = $2`,
        [person, deal],
      );
      expect(kept.map((r) => r.company_id)).toEqual([company.id, company.id]);
    });
  });

  describe('contacts on a deal', () => {
    it('pins who added a contact and when, and lets a member change only the role', async () => {
      const [deal, person] = [await aDeal(), await aCustomer()];
      const added = await asMember
        .from('deal_contacts')
        .insert({
          workspace_id: workspaceId,
          deal_id: deal,
          customer_id: person,
          role: 'champion',
        } as never)
        .select('created_by, role')
        .single();
      expect(added.data).toEqual({ created_by: member.id, role: 'champion' });

      const moved = await asMember
        .from('deal_contacts')
        .update({ customer_id: await aCustomer() } as never)
        .match({ deal_id: deal, customer_id: person });
      expect(codeOf(moved.error)).toEqual({
        code: '42501',
        message: 'permission denied for table deal_contacts',
      });
      const viewerChange = await directWithToken(viewer.token)
        .from('deal_contacts')
        .update({ role: 'user' } as never)
        .match({ deal_id: deal, customer_id: person })
        .select('role');
      expect(viewerChange).toMatchObject({ error: null, data: [] });
    });

    it('refuses a deleted deal, a deleted person and a 101st contact', async () => {
      const deal = await aDeal();
      const person = await aCustomer();
      await sql(
        'update public.customers set deleted_at = now() where id = $1',
        [person],
      );
      const deletedPerson = await asMember.from('deal_contacts').insert({
        workspace_id: workspaceId,
        deal_id: deal,
        customer_id: person,
      } as never);
      expect(codeOf(deletedPerson.error)).toEqual({
        code: 'PT422',
        message: 'the customer is not a live one of this workspace',
      });

      const crowd = await sql<{ id: string }>(
        `insert into public.customers (workspace_id, name)
         select $1, 'Crowd ' || n from generate_series(1, 100) as n returning id`,
        [workspaceId],
      );
      await sql(
        `insert into public.deal_contacts (workspace_id, deal_id, customer_id)
         select $1, $2, unnest($3::uuid[])`,
        [workspaceId, deal, crowd.map((p) => p.id)],
      );
      const crowded = await asMember.from('deal_contacts').insert({
        workspace_id: workspaceId,
        deal_id: deal,
        customer_id: await aCustomer(),
      } as never);
      expect(codeOf(crowded.error)).toEqual({
        code: 'PT422',
        message: 'a deal has at most 100 contacts',
      });

      const gone = await aDeal();
      await sql('update public.deals set deleted_at = now() where id = $1', [
        gone,
      ]);
      const deletedDeal = await asMember.from('deal_contacts').insert({
        workspace_id: workspaceId,
        deal_id: gone,
        customer_id: await aCustomer(),
      } as never);
      expect(codeOf(deletedDeal.error)).toEqual({
        code: 'PT404',
        message: 'no such deal in this workspace',
      });
    });
  });
});
