-- Bug: the paging tail totals a last page by its own rows only, forgetting the pages before it:
-- page 2 of 3 rows, two a page, says there is 1.
-- Caught by: test/database/list-contract.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.list_page_tail'::regproc);
  body text;
begin
  body := replace(original, 'total := p_offset + page_rows;', 'total := page_rows;');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
