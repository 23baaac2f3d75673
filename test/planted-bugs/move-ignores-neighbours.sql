-- Bug: a move between two cards does not check that they are still next to each other.
-- Caught by: test/pipeline/moves.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.move_deal'::regproc);
  body text;
begin
  body := original;
  body := replace(body, 'and d.position > after_position and d.position < before_position',
                  'and false');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
