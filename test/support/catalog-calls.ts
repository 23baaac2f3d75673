import type { PostgrestError, SupabaseClient } from '@supabase/supabase-js';
import type { Routine } from '../../scripts/lib/schema-catalog';
import type { Args, Refusal } from './api-surface-shape';
import type { Space } from './catalog-fixtures';
import { directAsAnonymous, directWithToken } from './postgrest';
import type { TestUser } from './users';

/** One try of a function: who, with what, and the refusal expected or the check of its answer. */
export interface Attempt {
  label: string;
  /** Null: the publishable key alone (anon). */
  caller: TestUser | null;
  args: Args;
  expected: Refusal | ((answer: unknown) => Promise<void> | void);
}

type Answer = { data: unknown; error: PostgrestError | null };
const clients = new Map<string, SupabaseClient>();

/** Straight through PostgREST's /rpc with the caller's own token, as any client can. */
export function rpcAs(
  caller: TestUser | null,
  fn: string,
  args: Args,
): PromiseLike<Answer> {
  const key = caller?.token ?? '';
  if (!clients.has(key))
    clients.set(
      key,
      caller ? directWithToken(caller.token) : directAsAnonymous(),
    );
  return clients.get(key)!.rpc(fn, args);
}

/** Everything that names a workspace of the fixtures: no answer about the other may hold one. */
export function namesOf(space: Space): string[] {
  return [
    space.id,
    space.pipelineId,
    space.scratchPipelineId,
    ...space.stageIds,
    ...space.scratchStageIds,
    space.customerId,
    space.metaCustomerId,
    space.dealId,
    space.metaDealId,
    ...space.neighbourIds,
    space.invitationId,
    ...Object.values(space.users).map((u) => u.id),
  ];
}

const shown = (value: unknown) => JSON.stringify(value)?.slice(0, 160);
const said = (e: PostgrestError) => `${e.code} "${e.message}"`;

/**
 * Runs one attempt: null when it went as declared, else what happened instead. A refusal must
 * be the declared rule's (code and message); a success must name nothing of `other`.
 */
export async function tryOnce(
  fn: string,
  attempt: Attempt,
  other: Space,
): Promise<string | null> {
  const { data, error } = await rpcAs(attempt.caller, fn, attempt.args);
  const { expected, label } = attempt;
  if (typeof expected !== 'function') {
    if (error?.code === expected.code && error.message === expected.message)
      return null;
    return `${fn}, ${label}: expected ${expected.code} "${expected.message}", got ${
      error ? said(error) : `an answer ${shown(data)}`
    }`;
  }
  if (error) return `${fn}, ${label}: expected an answer, got ${said(error)}`;
  const text = JSON.stringify(data) ?? '';
  const leaked = namesOf(other).filter((name) => text.includes(name));
  if (leaked.length > 0)
    return `${fn}, ${label}: the answer names the other workspace's ${leaked.join(', ')}`;
  try {
    await expected(data);
  } catch (failure) {
    const message = (failure as Error).message.replace(/\s+/g, ' ');
    return `${fn}, ${label}: ${message.slice(0, 300)}`;
  }
  return null;
}

/** The arguments of a function as the catalog declares them (`pg_get_function_arguments`). */
export function argumentsOf(
  routine: Routine,
): { name: string; type: string }[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let depth = 0;
  for (const ch of routine.arguments) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (!quoted && depth === 0 && ch === ',') {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current);
  return parts.map((part) => {
    const [, name, type] =
      /^\s*(?:(?:IN|VARIADIC)\s+)?(\w+)\s+(.+?)(?:\s+DEFAULT\s+.*)?$/.exec(
        part,
      ) ?? ['', part.trim(), ''];
    return { name, type };
  });
}

/** The value of a text argument (or of a field inside a JSON one, `arg.field`) replaced. */
export function withText(args: Args, path: string, value: unknown): Args {
  const [root, field] = path.split('.');
  if (!field) return { ...args, [root]: value };
  return { ...args, [root]: { ...(args[root] as Args), [field]: value } };
}
