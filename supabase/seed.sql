-- Demo data for a new local database. Mint tokens with `npm run local:token -- <email>`.
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

insert into public.customers (workspace_id, created_by, name, email, phone, company, status, tags, notes)
values
  ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000001', 'Ada Lovelace', 'ada@analytical.example', '+44 20 7946 0001', 'Analytical Engines', 'active', '{vip,engineering}', 'Prefers email.'),
  ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000001', 'Grace Hopper', 'grace@cobol.example', '+1 202 555 0102', 'Compilers Inc', 'prospect', '{navy}', null),
  ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000002', 'Alan Turing', 'alan@bletchley.example', null, 'Bletchley Park', 'lead', '{}', 'Met at a conference.'),
  ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000002', 'Katherine Johnson', 'katherine@orbit.example', '+1 757 555 0104', 'Langley', 'active', '{space}', null),
  ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000001', 'Edsger Dijkstra', 'edsger@shortest.example', null, 'Eindhoven', 'inactive', '{algorithms}', null)
on conflict do nothing;
