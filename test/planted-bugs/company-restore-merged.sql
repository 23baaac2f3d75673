-- Bug: a company merged into another can be restored, and its history is then in two places.
-- Caught by: test/companies/companies.e2e-spec.ts
create or replace function private.companies_before_write()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- A deleted account's foreign key sets the author to null: that, and nothing else, changes.
  if tg_op = 'UPDATE' and new.created_by is null and private.account_deleted(old.created_by) then
    new := old;
    new.created_by := null;
    return new;
  end if;
  new.name := btrim(new.name, E' \t\r\n\f\v');
  new.domain := private.normalize_domain(new.domain);
  new.industry := nullif(btrim(new.industry, E' \t\r\n\f\v'), '');
  new.city := nullif(btrim(new.city, E' \t\r\n\f\v'), '');
  new.country := upper(btrim(new.country));
  if tg_op = 'INSERT' then
    -- Rows from API users are theirs, new and live; set-up and migrations keep what they give.
    if current_user in ('anon', 'authenticated') then
      new.id := gen_random_uuid();
      new.created_by := (select auth.uid());
      new.created_at := now();
      new.updated_at := now();
      new.deleted_at := null;
      new.merged_into := null;
    end if;
  else
    new.id := old.id;
    new.workspace_id := old.workspace_id;
    new.created_by := old.created_by;
    new.created_at := old.created_at;
    new.updated_at := now();
    if current_user in ('anon', 'authenticated') then
      new.merged_into := old.merged_into;
    end if;
    -- A deletion happens now, whatever time the writer gave.
    if new.deleted_at is not null and old.deleted_at is null then
      new.deleted_at := now();
    elsif new.deleted_at is not null then
      new.deleted_at := old.deleted_at;
    end if;
  end if;
  return new;
end;
$$;
