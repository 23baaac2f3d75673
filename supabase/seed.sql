-- Demo data for a new local database: one user and a few customers.
-- Mint a token for this user with `npm run local:token -- demo@example.com`.
insert into auth.users (id, email)
values ('00000000-0000-4000-8000-000000000001', 'demo@example.com')
on conflict do nothing;

insert into public.customers (owner_id, name, email, phone, company, status, tags, notes)
values
  ('00000000-0000-4000-8000-000000000001', 'Ada Lovelace', 'ada@analytical.example', '+44 20 7946 0001', 'Analytical Engines', 'active', '{vip,engineering}', 'Prefers email.'),
  ('00000000-0000-4000-8000-000000000001', 'Grace Hopper', 'grace@cobol.example', '+1 202 555 0102', 'Compilers Inc', 'prospect', '{navy}', null),
  ('00000000-0000-4000-8000-000000000001', 'Alan Turing', 'alan@bletchley.example', null, 'Bletchley Park', 'lead', '{}', 'Met at a conference.'),
  ('00000000-0000-4000-8000-000000000001', 'Katherine Johnson', 'katherine@orbit.example', '+1 757 555 0104', 'Langley', 'active', '{space}', null),
  ('00000000-0000-4000-8000-000000000001', 'Edsger Dijkstra', 'edsger@shortest.example', null, 'Eindhoven', 'inactive', '{algorithms}', null)
on conflict do nothing;
