// What supabase/SCHEMA.md shows, read from a live database's catalog as plain data. Shared by
// scripts/db-doc.mts and test/tooling/schema-doc.e2e-spec.ts (ESM here, CommonJS under Jest).
import pg from 'pg';

/** The schemas our migrations own; `public` is the one the data API serves. */
export const APP_SCHEMAS = ['public', 'private'];
export const EXPOSED_SCHEMA = 'public';

export interface Policy {
  name: string;
  command: 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'ALL';
  permissive: boolean;
  roles: string[];
  using: string | null;
  withCheck: string | null;
  comment: string | null;
}

export interface Grant {
  grantee: string;
  privilege: string;
  /** Column-level grants name their columns, in table order; table-level ones none. */
  columns: string[];
}

export interface Trigger {
  name: string;
  /** pg_get_triggerdef: CREATE TRIGGER name BEFORE … ON table FOR EACH ROW … EXECUTE FUNCTION f() */
  definition: string;
  functionSchema: string;
  functionName: string;
}

export interface Relation {
  schema: string;
  name: string;
  kind: 'table' | 'view' | 'materialized view' | 'foreign table';
  comment: string | null;
  rls: boolean;
  forceRls: boolean;
  policies: Policy[];
  grants: Grant[];
  triggers: Trigger[];
  columnComments: { column: string; comment: string }[];
}

export interface Routine {
  schema: string;
  name: string;
  /** Argument types only: what `comment on function` and `drop function` name. */
  identity: string;
  /** As declared, with names and defaults. */
  arguments: string;
  result: string;
  language: string;
  definer: boolean;
  trigger: boolean;
  body: string;
  comment: string | null;
  /** Roles holding EXECUTE besides the owner (PUBLIC for everyone). */
  execute: string[];
  /** Callable by anon or authenticated, directly or through PUBLIC or a role they are in. */
  callableByApi: boolean;
}

export interface Catalog {
  /** Roles that RLS does not hold back (BYPASSRLS or superuser). */
  bypassRls: string[];
  schemas: { name: string; comment: string | null; usage: string[] }[];
  enums: { schema: string; name: string; labels: string[] }[];
  relations: Relation[];
  routines: Routine[];
}

type Row = Record<string, unknown>;
type Query = (text: string, values?: unknown[]) => Promise<Row[]>;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const text = (value: unknown) => (typeof value === 'string' ? value : null);

// Extension members (pg_trgm's functions and the like) are not ours to document.
const NOT_EXTENSION = (catalog: string, alias: string) =>
  `not exists (select from pg_catalog.pg_depend e where e.classid = '${catalog}'::regclass
     and e.objid = ${alias}.oid and e.deptype = 'e')`;

// Text, not name: node-postgres parses text[] into arrays, not name[].
const GRANTEE = `coalesce((select r.rolname::text from pg_catalog.pg_roles r where r.oid = a.grantee), 'PUBLIC')`;

const SQL = {
  bypassRls: `select r.rolname::text as name from pg_catalog.pg_roles r
   where r.rolbypassrls or r.rolsuper`,
  schemas: `select n.nspname as name, pg_catalog.obj_description(n.oid, 'pg_namespace') as comment,
      array(select ${GRANTEE} from pg_catalog.aclexplode(n.nspacl) a
             where a.privilege_type = 'USAGE' and a.grantee <> n.nspowner) as usage
    from pg_catalog.pg_namespace n where n.nspname = any ($1)`,
  enums: `select n.nspname as schema, t.typname as name,
      array(select e.enumlabel::text from pg_catalog.pg_enum e where e.enumtypid = t.oid
             order by e.enumsortorder) as labels
    from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
   where t.typtype = 'e' and n.nspname = any ($1) and ${NOT_EXTENSION('pg_type', 't')}`,
  relations: `select c.oid::text as oid, n.nspname as schema, c.relname as name, c.relkind as kind,
      pg_catalog.obj_description(c.oid, 'pg_class') as comment,
      c.relrowsecurity as rls, c.relforcerowsecurity as force_rls
    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
   where c.relkind in ('r', 'p', 'v', 'm', 'f') and ${NOT_EXTENSION('pg_class', 'c')}
     and (n.nspname = any ($1) or exists (
       select from pg_catalog.pg_trigger t join pg_catalog.pg_proc p on p.oid = t.tgfoid
         join pg_catalog.pg_namespace pn on pn.oid = p.pronamespace
        where t.tgrelid = c.oid and not t.tgisinternal and pn.nspname = any ($1)))`,
  policies: `select p.polrelid::text as relation, p.polname as name, p.polcmd as command,
      p.polpermissive as permissive,
      array(select coalesce((select r.rolname::text from pg_catalog.pg_roles r where r.oid = o), 'PUBLIC')
              from unnest(p.polroles) o) as roles,
      pg_catalog.pg_get_expr(p.polqual, p.polrelid) as using,
      pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) as with_check,
      pg_catalog.obj_description(p.oid, 'pg_policy') as comment
    from pg_catalog.pg_policy p`,
  tableGrants: `select c.oid::text as relation, ${GRANTEE} as grantee, a.privilege_type as privilege
    from pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a where a.grantee <> c.relowner`,
  columnGrants: `select c.oid::text as relation, ${GRANTEE} as grantee, a.privilege_type as privilege,
      at.attname as column, at.attnum as position
    from pg_catalog.pg_class c join pg_catalog.pg_attribute at on at.attrelid = c.oid,
         pg_catalog.aclexplode(at.attacl) a
   where at.attnum > 0 and not at.attisdropped and a.grantee <> c.relowner`,
  columnComments: `select at.attrelid::text as relation, at.attname as column, at.attnum as position,
      pg_catalog.col_description(at.attrelid, at.attnum) as comment
    from pg_catalog.pg_attribute at
   where at.attnum > 0 and not at.attisdropped
     and pg_catalog.col_description(at.attrelid, at.attnum) is not null`,
  triggers: `select t.tgrelid::text as relation, t.tgname as name,
      pg_catalog.pg_get_triggerdef(t.oid) as definition,
      pn.nspname as function_schema, p.proname as function_name
    from pg_catalog.pg_trigger t join pg_catalog.pg_proc p on p.oid = t.tgfoid
      join pg_catalog.pg_namespace pn on pn.oid = p.pronamespace
   where not t.tgisinternal`,
  routines: `select n.nspname as schema, p.proname as name,
      pg_catalog.pg_get_function_identity_arguments(p.oid) as identity,
      pg_catalog.pg_get_function_arguments(p.oid) as arguments,
      pg_catalog.pg_get_function_result(p.oid) as result,
      l.lanname as language, p.prosecdef as definer,
      p.prorettype = 'pg_catalog.trigger'::pg_catalog.regtype as trigger,
      p.prosrc as body, pg_catalog.obj_description(p.oid, 'pg_proc') as comment,
      array(select ${GRANTEE}
              from pg_catalog.aclexplode(coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))) a
             where a.privilege_type = 'EXECUTE' and a.grantee <> p.proowner) as execute,
      exists (select from pg_catalog.pg_roles r where r.rolname in ('anon', 'authenticated')
               and pg_catalog.has_function_privilege(r.oid, p.oid, 'EXECUTE')) as callable_by_api
    from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
      join pg_catalog.pg_language l on l.oid = p.prolang
   where p.prokind = 'f' and n.nspname = any ($1) and ${NOT_EXTENSION('pg_proc', 'p')}`,
};

const COMMANDS: Record<string, Policy['command']> = {
  r: 'SELECT',
  a: 'INSERT',
  w: 'UPDATE',
  d: 'DELETE',
  '*': 'ALL',
};
const KINDS: Record<string, Relation['kind']> = {
  r: 'table',
  p: 'table',
  v: 'view',
  m: 'materialized view',
  f: 'foreign table',
};

/** Reads the catalog through `query`, with every name in it schema-qualified. */
export async function readCatalogWith(query: Query): Promise<Catalog> {
  const schemas = [APP_SCHEMAS];
  const relationRows = await query(SQL.relations, schemas);
  const policies = await query(SQL.policies);
  const tableGrants = await query(SQL.tableGrants);
  const columnGrants = await query(SQL.columnGrants);
  const columnComments = await query(SQL.columnComments);
  const triggers = await query(SQL.triggers);
  const of = (rows: Row[], oid: unknown) =>
    rows.filter((row) => row.relation === oid);
  const relations = relationRows.map((row): Relation => {
    const grants = of(tableGrants, row.oid).map((g): Grant => ({
      grantee: String(g.grantee),
      privilege: String(g.privilege),
      columns: [],
    }));
    const byColumn = new Map<string, Row[]>();
    for (const g of of(columnGrants, row.oid)) {
      const key = `${String(g.grantee)}\u0000${String(g.privilege)}`;
      byColumn.set(key, [...(byColumn.get(key) ?? []), g]);
    }
    for (const [key, rows] of byColumn) {
      const [grantee, privilege] = key.split('\u0000');
      grants.push({
        grantee,
        privilege,
        columns: rows
          .sort((a, b) => Number(a.position) - Number(b.position))
          .map((g) => String(g.column)),
      });
    }
    return {
      schema: String(row.schema),
      name: String(row.name),
      kind: KINDS[String(row.kind)],
      comment: text(row.comment),
      rls: row.rls === true,
      forceRls: row.force_rls === true,
      policies: of(policies, row.oid)
        .map((p): Policy => ({
          name: String(p.name),
          command: COMMANDS[String(p.command)],
          permissive: p.permissive === true,
          roles: (p.roles as string[]).slice().sort(byText),
          using: text(p.using),
          withCheck: text(p.with_check),
          comment: text(p.comment),
        }))
        .sort((a, b) => byText(a.name, b.name)),
      grants,
      triggers: of(triggers, row.oid)
        .map((t): Trigger => ({
          name: String(t.name),
          definition: String(t.definition),
          functionSchema: String(t.function_schema),
          functionName: String(t.function_name),
        }))
        .sort((a, b) => byText(a.name, b.name)),
      columnComments: of(columnComments, row.oid)
        .sort((a, b) => Number(a.position) - Number(b.position))
        .map((c) => ({ column: String(c.column), comment: String(c.comment) })),
    };
  });
  const routines = (await query(SQL.routines, schemas)).map((row): Routine => ({
    schema: String(row.schema),
    name: String(row.name),
    identity: String(row.identity),
    arguments: String(row.arguments),
    result: String(row.result),
    language: String(row.language),
    definer: row.definer === true,
    trigger: row.trigger === true,
    body: String(row.body),
    comment: text(row.comment),
    execute: (row.execute as string[]).slice().sort(byText),
    callableByApi: row.callable_by_api === true,
  }));
  return {
    bypassRls: (await query(SQL.bypassRls))
      .map((row) => String(row.name))
      .sort(byText),
    schemas: (await query(SQL.schemas, schemas))
      .map((row) => ({
        name: String(row.name),
        comment: text(row.comment),
        usage: (row.usage as string[]).slice().sort(byText),
      }))
      .sort((a, b) => byText(a.name, b.name)),
    enums: (await query(SQL.enums, schemas))
      .map((row) => ({
        schema: String(row.schema),
        name: String(row.name),
        labels: row.labels as string[],
      }))
      .sort((a, b) => byText(`${a.schema}.${a.name}`, `${b.schema}.${b.name}`)),
    relations: relations.sort((a, b) =>
      byText(`${a.schema}.${a.name}`, `${b.schema}.${b.name}`),
    ),
    routines: routines.sort((a, b) =>
      byText(
        `${a.schema}.${a.name}(${a.identity}`,
        `${b.schema}.${b.name}(${b.identity}`,
      ),
    ),
  };
}

/**
 * Reads the catalog of the database at `databaseUrl` (a role that can read every schema: the
 * superuser of a local stack). search_path is empty, so every name the catalog prints is
 * qualified and the document does not depend on the connection's settings.
 */
export async function readCatalog(databaseUrl: string): Promise<Catalog> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`set search_path = ''`);
    return await readCatalogWith(
      async (sql, values) => (await client.query(sql, values)).rows as Row[],
    );
  } finally {
    await client.end();
  }
}
