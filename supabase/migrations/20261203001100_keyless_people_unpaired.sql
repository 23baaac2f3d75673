-- A person with no email, no phone and no company can pair with nobody (every reason needs one
-- of them), yet each insert of one ran the pairs' refresh: about 3 ms a row, so a bulk load of
-- 10,000 names took half a minute. The insert trigger now fires only for a person who has a key.
-- (A set-based refresh per statement is what imports of people with keys will need.)

drop trigger customers_refresh_duplicates_on_insert on public.customers;
create trigger customers_refresh_duplicates_on_insert
  after insert on public.customers
  for each row
  when (new.email is not null or new.phone is not null or new.company_id is not null)
  execute function private.customers_refresh_duplicates();
