// What the catalog does not say outright, read from function bodies: whom a function calls, the
// workspace role it checks, the SQLSTATEs it raises; and which policy or definer lacks its why.
// Shared by scripts/ and test/ (ESM here, CommonJS under Jest).
import {
  APP_SCHEMAS,
  EXPOSED_SCHEMA,
  type Catalog,
  type Routine,
} from './schema-catalog.ts';

/** The helpers that check a caller's workspace role (supabase/migrations: workspaces). */
const REQUIRE_ROLE = 'private.require_role';
export const ROLE_CHECKS = [
  REQUIRE_ROLE,
  'private.my_role',
  'private.my_workspace_ids',
];

export interface MinimumRole {
  /** The lowest role that passes the checks, or null when no workspace role is checked. */
  role: string | null;
  /** The helper that decides it. */
  via: string | null;
  /** Other roles checked on some paths (e.g. owner to invite an owner). */
  others: string[];
}

export interface RoutineRules {
  key: string;
  routine: Routine;
  /** Functions of our schemas it calls by name, directly. */
  calls: string[];
  minimumRole: MinimumRole;
  /** SQLSTATEs raised explicitly by it or any function it reaches. */
  raises: string[];
}

export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export const keyOf = (r: { schema: string; name: string }) =>
  `${r.schema}.${r.name}`;

const CALL = /\b(public|private)\.([a-z_][a-z0-9_]*)\s*\(/gi;
// A raise statement up to its semicolon; string literals may hold semicolons.
const RAISE = /\braise\s+(?:exception|sqlstate)\b(?:'(?:[^']|'')*'|[^;'])*;/gi;
const REQUIRED =
  /private\.require_role\s*\((?:[^,()']|\([^()]*\))*,\s*'([a-z_]+)'/gi;
const MEMBERSHIP =
  /private\.(?:my_role|my_workspace_ids)\s*\(\s*(?:'([a-z_]+)')?/gi;

/** A function body without its `--` comments (string literals kept whole). */
function code(body: string): string {
  return body.replace(/'(?:[^']|'')*'|--[^\n]*/g, (match) =>
    match.startsWith("'") ? match : '',
  );
}

export function raisedCodes(body: string): string[] {
  const codes = new Set<string>();
  for (const [statement] of code(body).matchAll(RAISE)) {
    const explicit =
      /errcode\s*=\s*'([^']+)'/i.exec(statement) ??
      /^raise\s+sqlstate\s+'([^']+)'/i.exec(statement);
    // A raise without a code is P0001 (raise_exception).
    codes.add(explicit ? explicit[1] : 'P0001');
  }
  return [...codes];
}

export function analyseRules(catalog: Catalog): Map<string, RoutineRules> {
  const known = new Map<string, Routine[]>();
  for (const routine of catalog.routines) {
    known.set(keyOf(routine), [...(known.get(keyOf(routine)) ?? []), routine]);
  }
  const callsOf = (key: string) => {
    const found = new Set<string>();
    for (const routine of known.get(key) ?? []) {
      for (const [, schema, name] of code(routine.body).matchAll(CALL)) {
        const callee = `${schema.toLowerCase()}.${name.toLowerCase()}`;
        if (callee !== key && known.has(callee)) found.add(callee);
      }
    }
    return [...found].sort(byText);
  };
  const reach = (key: string, skip: string[]) => {
    const seen = new Set<string>([key]);
    const queue = [key];
    while (queue.length > 0) {
      for (const callee of callsOf(queue.shift()!)) {
        if (!seen.has(callee) && !skip.includes(callee)) {
          seen.add(callee);
          queue.push(callee);
        }
      }
    }
    return [...seen];
  };
  const bodies = (keys: string[]) =>
    keys.flatMap((k) => (known.get(k) ?? []).map((r) => code(r.body)));
  const order =
    catalog.enums.find(
      (e) => e.schema === 'public' && e.name === 'workspace_role',
    )?.labels ?? [];
  const lowest = (roles: Set<string>) =>
    [...roles].sort((a, b) => order.indexOf(a) - order.indexOf(b));

  const rules = new Map<string, RoutineRules>();
  for (const routine of catalog.routines) {
    const key = keyOf(routine);
    // The role helpers' own bodies are how they check, not what a caller requires.
    const checked = bodies(
      reach(key, ROLE_CHECKS).filter((k) => !ROLE_CHECKS.includes(k)),
    );
    const required = new Set(
      checked.flatMap((b) => [...b.matchAll(REQUIRED)].map((m) => m[1])),
    );
    const membership = new Set(
      checked.flatMap((b) =>
        [...b.matchAll(MEMBERSHIP)].map((m) => m[1] ?? order[0]),
      ),
    );
    const [role, ...others] = lowest(required.size > 0 ? required : membership);
    rules.set(key, {
      key,
      routine,
      calls: callsOf(key),
      minimumRole: {
        role: role ?? null,
        via:
          required.size > 0
            ? REQUIRE_ROLE
            : membership.size > 0
              ? 'private.my_role'
              : null,
        others,
      },
      raises: [
        ...new Set(bodies(reach(key, [])).flatMap((b) => raisedCodes(b))),
      ].sort(byText),
    });
  }
  return rules;
}

/** Functions PostgREST serves as /rpc: in the exposed schema, callable by an API role. */
export function exposedRoutines(catalog: Catalog): Routine[] {
  return catalog.routines.filter(
    (r) => r.schema === EXPOSED_SCHEMA && r.callableByApi && !r.trigger,
  );
}

/** The why of an exposed function: its own comment, or that of the definer of its name. */
export function whyOf(catalog: Catalog, routine: Routine): string | null {
  if (routine.comment?.trim()) return routine.comment;
  const definers = catalog.routines.filter(
    (r) => r.definer && r.name === routine.name && r.schema !== routine.schema,
  );
  return definers.length === 1 && definers[0].comment?.trim()
    ? definers[0].comment
    : null;
}

/**
 * Every policy and definer function of our schemas says why it exists, and so does every
 * exposed function (itself or through the definer of its name). One line per missing comment,
 * as the statement a new migration needs.
 */
export function missingComments(catalog: Catalog): string[] {
  const ours = (schema: string) => APP_SCHEMAS.includes(schema);
  const policies = catalog.relations
    .filter((relation) => ours(relation.schema))
    .flatMap((relation) =>
      relation.policies
        .filter((policy) => !policy.comment?.trim())
        .map(
          (policy) =>
            `comment on policy ${policy.name} on ${keyOf(relation)} is '<why>';`,
        ),
    );
  const definers = catalog.routines
    .filter((r) => ours(r.schema) && r.definer && !r.comment?.trim())
    .map(
      (r) =>
        `comment on function ${keyOf(r)}(${r.identity}) is '<why>';  -- security definer`,
    );
  const exposed = exposedRoutines(catalog)
    .filter((r) => !r.definer && !whyOf(catalog, r))
    .map(
      (r) =>
        `comment on function ${keyOf(r)}(${r.identity}) is '<why>';  -- exposed, and no definer private.${r.name} says why`,
    );
  return [...policies, ...definers, ...exposed];
}
