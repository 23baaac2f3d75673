-- Bug: anyone holding the token joins, whatever email they signed in with.
-- Caught by: test/workspaces/workspaces.e2e-spec.ts
create or replace function private.accept_invitation(p_token text)
returns jsonb language plpgsql volatile security definer set search_path = '' as $$
declare
  invitation public.workspace_invitations;
begin
  select * into invitation from public.workspace_invitations
   where token_hash = encode(sha256(convert_to(left(p_token, 200), 'UTF8')), 'hex') for update;
  if invitation.id is null then
    raise exception 'no such invitation' using errcode = 'PT404';
  end if;
  if invitation.accepted_at is not null or invitation.revoked_at is not null
     or invitation.expires_at <= now() then
    raise exception 'the invitation was used, revoked or has expired' using errcode = 'PT410';
  end if;
  insert into public.workspace_members (workspace_id, user_id, role)
  values (invitation.workspace_id, (select auth.uid()), invitation.role);
  update public.workspace_invitations set accepted_at = now(), accepted_by = (select auth.uid())
   where id = invitation.id;
  return jsonb_build_object('workspace_id', invitation.workspace_id, 'role', invitation.role);
end;
$$;
