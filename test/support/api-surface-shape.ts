import { admin, type Role, type Space } from './catalog-fixtures';
import type { TestUser } from './users';

/** The shapes of test/support/api-surface.ts's declarations, and the answers they share. */

export type Args = Record<string, unknown>;

/** Which rule refused: the SQLSTATE and the message PostgREST passes on. */
export interface Refusal {
  code: string;
  message: string;
}

/** Any signed-in user, or a workspace role and the ones above it. */
export type Minimum = Role | 'signed-in';

export const refusal = (code: string, message: string): Refusal => ({
  code,
  message,
});
export const ROLE_TOO_LOW = refusal(
  'PT403',
  'your role in this workspace does not allow this',
);
export const noSuch = (what: string) => refusal('PT404', `no such ${what}`);
export const badEnum = (type: string) => (text: string) =>
  refusal('22P02', `invalid input value for enum ${type}: "${text}"`);
export const COLUMN_CHANGED = refusal(
  'PT409',
  'the column changed since you read it: fetch it again',
);

/** How a function answers a text argument holding SQL or PostgREST metacharacters. */
export interface TextArgument {
  /** What is sent: the text inside an otherwise valid value (an email keeps its @). */
  value?: (text: string) => unknown;
  /** Arguments changed for this one (a search without the filters that would hide matches). */
  with?: Args;
  /** Refused by this rule... */
  refused?: Refusal | ((text: string) => Refusal);
  /** ...or taken as given: the check of the answer against what was sent (uses expect). */
  taken?: (
    answer: unknown,
    sent: unknown,
    space: Space,
  ) => Promise<void> | void;
}

export interface FunctionSurface {
  minimum: Minimum;
  /** A successful call writes (the fixtures' rows change) or only reads. */
  writes: boolean;
  /** The answer to a caller who is not a member of the workspace of what the call names. */
  notFound?: Refusal;
  /**
   * Every argument naming an object: 'scope' for the one the call acts on, else the rule that
   * refuses another workspace's object next to this workspace's scope, or 'filter' where it
   * only narrows a list (nothing of that workspace may show).
   */
  ids: Record<string, 'scope' | 'filter' | Refusal>;
  /** Every text argument (text, enums, and text fields of a JSON argument as `arg.field`). */
  texts: Record<string, TextArgument>;
  /** The arguments of other types, so that no argument goes undeclared. */
  others: string[];
  /** A valid call in `space` by `caller`; it may make what the call uses up (a stage to delete). */
  call(space: Space, caller: TestUser): Promise<Args> | Args;
  /** Further refusals, named, made from this workspace and another. */
  refusals?: {
    name: string;
    as: Role | 'stranger';
    args(own: Space, other: Space, caller: TestUser): Promise<Args> | Args;
    refusal: Refusal;
  }[];
}

/** The value at `path` of a JSON answer. */
export const at = (value: unknown, path: string[]): unknown =>
  path.reduce<unknown>(
    (node, key) => (node as Record<string, unknown> | null)?.[key],
    value,
  );

export const echoed =
  (...path: string[]) =>
  (answer: unknown, sent: unknown) =>
    expect(at(answer, path)).toEqual(sent);

export const holds = (value: unknown, text: string) =>
  Array.isArray(value)
    ? value.includes(text)
    : typeof value === 'string' &&
      value.toLowerCase().includes(text.toLowerCase());

/** A list page holds exactly the live rows whose text the service role finds holding `sent`. */
export const finds =
  (table: string, condition: string, fields: string[]) =>
  async (answer: unknown, sent: unknown, space: Space) => {
    const page = answer as { data: Args[]; total: number };
    const [{ n }] = await admin<{ n: number }>(
      `select count(*)::int as n from public.${table} t
        where t.workspace_id = $1 and t.deleted_at is null and ${condition}`,
      [space.id, sent],
    );
    expect(n).toBeGreaterThan(0);
    expect(page.total).toBe(n);
    for (const row of page.data)
      expect(fields.some((f) => holds(row[f], String(sent)))).toBe(true);
  };
export const contains = (column: string) =>
  `strpos(lower(coalesce(t.${column}, '')), lower($2)) > 0`;

/** Whatever the text, the call answers; the other workspace's names in it are checked apart. */
export const answers = () => undefined;
export const answeredNew = (answer: unknown) =>
  expect(at(answer, ['replayed'])).toBe(false);

export const email = (text: string) =>
  `m${text.replaceAll(' ', '')}x@example.test`.toLowerCase();

/** The pages of a list, every row in one: totals count what a search or tag finds. */
export const WHOLE_PAGE = { p_limit: 100, p_with_total: true };
