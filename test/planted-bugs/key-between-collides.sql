-- Bug: key_between stops the common prefix where the lower key ends, so a gap like ('V', 'V0V')
-- answers 'V0V' itself: the move collides with its neighbour.
-- Caught by: test/pipeline/position-keys.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.key_between'::regproc);
  body text;
begin
  body := replace(original, 'coalesce(nullif(substr(a, i, 1), ''''), ''0'') = substr(b, i, 1)',
                  'coalesce(substr(a, i, 1), '''') <> '''' and substr(a, i, 1) = substr(b, i, 1)');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
