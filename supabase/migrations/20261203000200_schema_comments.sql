-- Why each rule exists, in the catalog itself: supabase/SCHEMA.md (npm run db:doc) shows these
-- beside each policy and definer function, and refuses a policy or definer function without one.
-- Comments only: no rule changes here.

comment on schema private is
  'Not exposed by the data API: definer functions, the membership helpers and idempotency keys.';

-- Tables ------------------------------------------------------------------------------------

comment on table public.customers is
  'Contacts of a workspace; soft-deleted rows keep deleted_at and can be restored.';
comment on table public.workspace_members is
  'Who belongs to which workspace, with which role (viewer < member < admin < owner).';
comment on table public.workspace_invitations is
  'Invitations by email to join a workspace with a role; the one-time token is stored hashed.';
comment on table public.pipelines is 'Sales pipelines of a workspace, each with its stages.';
comment on table public.pipeline_stages is
  'Columns of a pipeline, ordered by a fractional key; won and lost stages close their deals.';
comment on table public.deals is
  'Deals as cards in a stage, ordered by a fractional key; soft-deleted rows can be restored.';
comment on table public.deal_stage_history is
  'Every stage a deal entered, written by a trigger only.';
comment on table public.activities is
  'The timeline: entries the database writes for every change, and notes, calls and tasks people add.';

-- Policies ----------------------------------------------------------------------------------

comment on policy idempotency_keys_select_own on private.idempotency_keys is
  'A user reads only their own keys: create_customer runs as the caller and replays from them.';
comment on policy idempotency_keys_insert_own on private.idempotency_keys is
  'A user takes keys under their own id only, so a key never replays another user''s answer.';
comment on policy idempotency_keys_update_own on private.idempotency_keys is
  'Only the key''s user stores the answer on it, and cannot hand the key to someone else.';
comment on policy idempotency_keys_delete_own on private.idempotency_keys is
  'A user frees only their own expired key; purge_expired_idempotency_keys sweeps everyone''s.';

comment on policy workspaces_select on public.workspaces is
  'A user sees the workspaces they belong to, whatever their role.';
comment on policy workspaces_update on public.workspaces is
  'Admins and owners rename a workspace and set its currency (the only columns granted).';
comment on policy workspaces_delete on public.workspaces is
  'Only owners delete a workspace, and nobody deletes a personal one (every user keeps theirs).';

comment on policy workspace_members_select on public.workspace_members is
  'Members see who else belongs to their workspaces.';
comment on policy workspace_members_update on public.workspace_members is
  'Admins change the roles of viewers, members and admins; only owners touch or make an owner.';
comment on policy workspace_members_delete on public.workspace_members is
  'Anyone may leave; admins remove non-owners; only owners remove owners (a trigger keeps one).';

comment on policy workspace_invitations_select on public.workspace_invitations is
  'Admins and owners see their workspace''s invitations; no column grant shows the token hash.';
comment on policy workspace_invitations_update on public.workspace_invitations is
  'Admins revoke invitations; only owners revoke one to become owner (a trigger allows no other change).';

comment on policy customers_select on public.customers is
  'Every member, viewers too, reads the workspace''s customers, deleted ones included (restore).';
comment on policy customers_insert on public.customers is
  'Members and above add customers, only to a workspace where they may write.';
comment on policy customers_update on public.customers is
  'Members and above edit, soft-delete and restore; no delete policy: nothing is erased.';

comment on policy pipelines_select on public.pipelines is
  'Every member, viewers too, reads the workspace''s pipelines.';
comment on policy pipelines_update on public.pipelines is
  'Members and above rename and order pipelines; creating and deleting go through definer functions.';

comment on policy pipeline_stages_select on public.pipeline_stages is
  'Every member, viewers too, reads the workspace''s stages.';
comment on policy pipeline_stages_update on public.pipeline_stages is
  'Members and above set a stage''s name, kind and probability; its place changes through reorder_stages.';

comment on policy deals_select on public.deals is
  'Every member, viewers too, reads the workspace''s deals, deleted ones included (restore).';
comment on policy deals_insert on public.deals is
  'Members and above add deals; the trigger places them and keeps references in the workspace.';
comment on policy deals_update on public.deals is
  'Members and above edit, soft-delete and restore deals; moves go through move_deal.';

comment on policy deal_stage_history_select on public.deal_stage_history is
  'Every member, viewers too, reads the stage history; only a trigger writes it.';

comment on policy activities_select on public.activities is
  'Every member, viewers too, reads the workspace''s whole timeline.';
comment on policy activities_insert on public.activities is
  'Members and above add notes, calls, meetings, emails and tasks; the trigger pins author and time.';
comment on policy activities_update on public.activities is
  'People change only what people wrote: the author their entry, an assignee the task''s completion.';

-- Membership helpers ------------------------------------------------------------------------

comment on function private.my_workspace_ids is
  'Workspaces where the caller holds at least a role: policies read memberships here, not the table (recursion).';
comment on function private.my_role is
  'The caller''s role in one workspace, null for a non-member, read past RLS once per call.';
comment on function private.require_role is
  'The usual first check of a definer function: 404 to a non-member, 403 to a member below the role.';

-- Functions the data API exposes through a wrapper in public --------------------------------

comment on function public.create_customer is
  'Creates a customer (members and above) with its Idempotency-Key taken in the same transaction.';
comment on function private.list_customers is
  'Customers of a workspace with filters, sort, page or cursor and search: trigram plans need a definer.';
comment on function private.create_workspace is
  'Any signed-in user makes a workspace and becomes its owner, which no table grant allows.';
comment on function private.list_workspace_members is
  'Members with their email, which lives in auth.users where users have no grant.';
comment on function private.create_invitation is
  'Admins invite by email (owners invite owners); the token is returned once and stored as a hash.';
comment on function private.accept_invitation is
  'Joins the caller to a workspace with an invitation for their email: nobody may add their own membership.';
comment on function private.create_pipeline is
  'Members add a pipeline with the default stages, at most 100 per workspace (no insert grant).';
comment on function private.delete_pipeline is
  'Members delete a pipeline with no live deal, its deleted deals with it (no delete grant).';
comment on function private.create_stage is
  'Members add a stage at the end or after another, its key made here (no insert grant).';
comment on function private.delete_stage is
  'Members delete a stage; its deals move to another stage of the pipeline in the same transaction.';
comment on function private.reorder_stages is
  'Members put every stage of a pipeline in a new order at once (positions have no update grant).';
comment on function private.move_deal is
  'Members move a deal under the column''s lock, 409 when the column or the deal changed since read.';
comment on function private.pipeline_board is
  'The board for viewers and up: stages in order with counts, sums per currency and first cards.';
comment on function private.stage_deals is
  'Further down one board column, after a card, for viewers and up.';
comment on function private.pipeline_summary is
  'A pipeline''s figures over a period (won, lost, win rate, days to close and in stage), for viewers and up.';
comment on function private.list_deals is
  'Deals of a workspace with filters, sort, page or cursor and title search, as list_customers.';
comment on function private.list_activities is
  'The timeline of a workspace, customer or deal, newest first, for viewers and up, planned per call.';
comment on function private.list_tasks is
  'A workspace''s tasks by due date then id, with a keyset cursor, for viewers and up.';

-- Definer functions called by other functions -----------------------------------------------

comment on function private.purge_expired_idempotency_keys is
  'Each create sweeps a bounded batch of everyone''s expired keys; a user may delete only their own.';
comment on function private.create_personal_workspace is
  'Every user owns one personal workspace; users have no insert grant on workspaces or members.';
comment on function private.create_default_pipeline is
  'A new workspace or pipeline gets the default stages; users have no insert grant on stages.';
comment on function private.rebalance_stage is
  'Spreads a column''s cards over short keys in the same order, versions untouched; caller holds the lock.';
comment on function private.bottom_of is
  'The key after a column''s last live card, spreading the column first when the key would grow long.';
comment on function private.record_activity is
  'The one insert of timeline entries the database writes, as the acting user; triggers call it.';

-- Definer trigger functions -----------------------------------------------------------------

comment on function private.forget_idempotency_of_deleted_customer is
  'Deleting a customer deletes the keys that created it, whoever owns them (so a definer).';
comment on function private.workspace_members_keep_an_owner is
  'A workspace keeps an owner: it counts every member past RLS; a deleted account hands ownership on.';
comment on function private.on_new_user is
  'Makes a user''s personal workspace from their first moment (after insert on auth.users).';
comment on function private.on_new_workspace is
  'Gives every new workspace its default pipeline.';
comment on function private.deals_before_write is
  'Pins ids, authors, times, versions and closing of deals, places new cards, keeps references in the workspace.';
comment on function private.stage_kind_changed is
  'A stage turned won, lost or open closes or reopens its deals (the deals trigger sets closed_at).';
comment on function private.deals_record_stage is
  'Records every stage a deal enters; nobody else writes deal_stage_history.';
comment on function private.activities_before_insert is
  'Hands out timeline ids in commit order per workspace, notifies the feed, and pins what clients write.';
comment on function private.activities_before_update is
  'Only text, due date, assignee and completion change: the author edits, an assignee completes a task.';
comment on function private.customers_record_activity is
  'Writes the timeline entry of every customer change in its transaction; clients cannot write these.';
comment on function private.deals_record_activity is
  'Writes the timeline entries of every deal change in its transaction; clients cannot write these.';
