-- Demo data for a new local database (the test stack gets it too). Mint tokens with
-- `npm run local:token -- <email>`.
-- demo@example.com owns the "Demo Sales" workspace, sam@example.com is a member of it; each
-- also has a personal workspace (created at sign-up by a trigger).
insert into auth.users (id, email)
values
  ('00000000-0000-4000-8000-000000000001', 'demo@example.com'),
  ('00000000-0000-4000-8000-000000000002', 'sam@example.com')
on conflict do nothing;

insert into public.workspaces (id, name, created_by)
values ('00000000-0000-4000-8000-0000000000d1', 'Demo Sales', '00000000-0000-4000-8000-000000000001')
on conflict do nothing;

insert into public.workspace_members (workspace_id, user_id, role)
values
  ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000001', 'owner'),
  ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000002', 'member')
on conflict do nothing;

-- Each author's customers as that author, so the timeline names who created them.
select set_config('request.jwt.claims', '{"sub":"00000000-0000-4000-8000-000000000001"}', false);
insert into public.companies (id, workspace_id, created_by, name, domain, industry, country, city)
values
  ('00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000001', 'Analytical Engines', 'analytical.example', 'Machinery', 'GB', 'London'),
  ('00000000-0000-4000-8000-0000000000c2', '00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000001', 'Compilers Inc', 'cobol.example', 'Software', 'US', 'Arlington'),
  ('00000000-0000-4000-8000-0000000000c3', '00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000001', 'Eindhoven', 'shortest.example', 'Research', 'NL', 'Eindhoven')
on conflict do nothing;
insert into public.customers (id, workspace_id, created_by, name, email, phone, company_id, status, tags, notes)
values
  ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000001', 'Ada Lovelace', 'ada@analytical.example', '+44 20 7946 0001', '00000000-0000-4000-8000-0000000000c1', 'active', '{vip,engineering}', 'Prefers email.'),
  ('00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000001', 'Grace Hopper', 'grace@cobol.example', '+1 202 555 0102', '00000000-0000-4000-8000-0000000000c2', 'prospect', '{navy}', null),
  ('00000000-0000-4000-8000-0000000000a3', '00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000001', 'Edsger Dijkstra', 'edsger@shortest.example', null, '00000000-0000-4000-8000-0000000000c3', 'inactive', '{algorithms}', null)
on conflict do nothing;
select set_config('request.jwt.claims', '{"sub":"00000000-0000-4000-8000-000000000002"}', false);
insert into public.companies (id, workspace_id, created_by, name, domain, industry, country, city)
values
  ('00000000-0000-4000-8000-0000000000c4', '00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000002', 'Bletchley Park', 'bletchley.example', 'Government', 'GB', 'Milton Keynes'),
  ('00000000-0000-4000-8000-0000000000c5', '00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000002', 'Langley', 'orbit.example', 'Aerospace', 'US', 'Hampton')
on conflict do nothing;
insert into public.customers (workspace_id, created_by, name, email, phone, company_id, status, tags, notes)
values
  ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000002', 'Alan Turing', 'alan@bletchley.example', null, '00000000-0000-4000-8000-0000000000c4', 'lead', '{}', 'Met at a conference.'),
  ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000002', 'Katherine Johnson', 'katherine@orbit.example', '+1 757 555 0104', '00000000-0000-4000-8000-0000000000c5', 'active', '{space}', null)
on conflict do nothing;
select set_config('request.jwt.claims', '', false);

-- Deals on the Demo board, so the first board a newcomer opens is not empty: one or two in each
-- stage, in three currencies, each created as its author (the timeline names who), with a few
-- calls, notes and a task beside them.
do $$
declare
  ws constant uuid := '00000000-0000-4000-8000-0000000000d1';
  demo constant uuid := '00000000-0000-4000-8000-000000000001';
  sam constant uuid := '00000000-0000-4000-8000-000000000002';
  pipeline uuid;
  deal record;
begin
  select p.id into pipeline from public.pipelines p where p.workspace_id = ws order by p.position limit 1;
  for deal in
    select * from (values
      ('Difference engine upgrade', 'ada@analytical.example', 'Negotiation', 48000, 'GBP', 21, demo, demo),
      ('Analytical engine maintenance', 'ada@analytical.example', 'Qualified', 9500, 'GBP', 60, demo, sam),
      ('Compiler licences, 200 seats', 'grace@cobol.example', 'Proposal', 36000, 'USD', 30, demo, sam),
      ('COBOL training workshop', 'grace@cobol.example', 'Lead in', 4000, 'USD', null, sam, null),
      ('Codebreaking consultancy', 'alan@bletchley.example', 'Lead in', 12000, 'GBP', null, sam, sam),
      ('Trajectory software support', 'katherine@orbit.example', 'Qualified', 25000, 'USD', 45, sam, sam),
      ('Orbital mechanics training', 'katherine@orbit.example', 'Won', 8000, 'USD', -5, demo, sam),
      ('Shortest-path routing audit', 'edsger@shortest.example', 'Lost', 15000, 'EUR', -10, demo, demo)
    ) as d(title, email, stage, amount, currency, close_in_days, author, assignee)
  loop
    perform set_config('request.jwt.claims', json_build_object('sub', deal.author)::text, true);
    insert into public.deals
      (workspace_id, pipeline_id, stage_id, title, customer_id, company_id, amount, currency,
       expected_close_date, assignee_id, created_by)
    select ws, pipeline, s.id, deal.title, c.id, c.company_id, deal.amount, deal.currency,
           current_date + deal.close_in_days, deal.assignee, deal.author
      from public.pipeline_stages s, public.customers c
     where s.pipeline_id = pipeline and s.name = deal.stage
       and c.workspace_id = ws and c.email = deal.email;
  end loop;
  perform set_config('request.jwt.claims', '', true);

  -- About the deal alone, as the API writes a deal's entry (its customer's timeline shows it).
  insert into public.activities (workspace_id, deal_id, actor_id, kind, body, due_at, assignee_id)
  select ws, d.id, e.actor, e.kind::public.activity_kind, e.body,
         now() + e.due_in, e.assignee
    from (values
      ('Difference engine upgrade', demo, 'call', 'Walked through the upgrade plan; Ada wants the maintenance terms in writing.', null::interval, null::uuid),
      ('Compiler licences, 200 seats', demo, 'task', 'Send the revised seat pricing.', interval '2 days', sam),
      ('Codebreaking consultancy', sam, 'note', 'Interested after the conference talk; follow up in January.', null, null)
    ) as e(title, actor, kind, body, due_in, assignee)
    join public.deals d on d.workspace_id = ws and d.title = e.title;
end;
$$;

-- Another person at Analytical Engines, both of its people on a deal with their role, and what a
-- team finds in its first import: the firm again under a subdomain, and Ada again with a +tag
-- address and her number written the other way (the duplicates pages show both; README merges
-- them).
select set_config('request.jwt.claims', '{"sub":"00000000-0000-4000-8000-000000000001"}', false);
insert into public.companies (id, workspace_id, created_by, name, domain, industry, country, city)
values
  ('00000000-0000-4000-8000-0000000000c6', '00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000001', 'Analytical Engines UK', 'uk.analytical.example', null, 'GB', null)
on conflict do nothing;
insert into public.customers (id, workspace_id, created_by, name, email, phone, company_id, status, tags, notes)
values
  ('00000000-0000-4000-8000-0000000000a6', '00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000001', 'Charles Babbage', 'charles@analytical.example', '+44 20 7946 0002', '00000000-0000-4000-8000-0000000000c1', 'active', '{engineering}', null),
  ('00000000-0000-4000-8000-0000000000a7', '00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000001', 'Ada King', 'ada+events@analytical.example', '0044 20 7946 0001', '00000000-0000-4000-8000-0000000000c6', 'lead', '{events}', 'Signed up at the engine fair.')
on conflict do nothing;
insert into public.deal_contacts (workspace_id, deal_id, customer_id, role, created_by)
select d.workspace_id, d.id, c.id, r.role::public.deal_contact_role, '00000000-0000-4000-8000-000000000001'
  from (values ('00000000-0000-4000-8000-0000000000a1'::uuid, 'decision_maker'),
               ('00000000-0000-4000-8000-0000000000a6'::uuid, 'champion')) as r(customer_id, role)
  join public.customers c on c.id = r.customer_id
  join public.deals d on d.workspace_id = c.workspace_id and d.title = 'Difference engine upgrade'
on conflict do nothing;
select set_config('request.jwt.claims', '', false);
