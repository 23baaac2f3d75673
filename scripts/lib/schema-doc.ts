// supabase/SCHEMA.md from a catalog: the schema as it is, not as the migrations' history.
// Deterministic (stable order, no times) so a test can compare it with the committed file.
// Shared by scripts/db-doc.mts and test/tooling/schema-doc.e2e-spec.ts (ESM here, CommonJS under Jest).
import {
  APP_SCHEMAS,
  EXPOSED_SCHEMA,
  type Catalog,
  type Relation,
  type Routine,
} from './schema-catalog.ts';
import {
  ROLE_CHECKS,
  type RoutineRules,
  analyseRules,
  byText,
  exposedRoutines,
  keyOf,
  whyOf,
} from './schema-rules.ts';
import {
  cell,
  flat,
  list,
  splitArguments,
  table,
  tick,
  trimEnd,
} from './markdown.ts';

const PRIVILEGES = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'TRUNCATE',
  'REFERENCES',
  'TRIGGER',
  'MAINTAIN',
];

/** On one line when it reads on one line; else one argument per line. */
function signature(r: Routine): string[] {
  const line = `${keyOf(r)}(${flat(r.arguments)}) returns ${flat(r.result)}`;
  if (line.length <= 100) return [tick(line)];
  const args = splitArguments(flat(r.arguments));
  return [
    '```sql',
    `${keyOf(r)}(`,
    ...args.map((arg, i) => `  ${arg}${i < args.length - 1 ? ',' : ''}`),
    `) returns ${flat(r.result)}`,
    '```',
  ];
}

function roleText(rules: RoutineRules): string {
  const { role, via, others } = rules.minimumRole;
  if (ROLE_CHECKS.includes(rules.key)) return 'none: it is the check';
  if (!role) {
    return rules.routine.execute.some((g) => g === 'anon' || g === 'PUBLIC')
      ? 'none: anyone with the API key'
      : 'none: any signed-in user';
  }
  const also = others.length > 0 ? `; also ${list(others)} on some paths` : '';
  return `${tick(role)} (${tick(via!)}${also})`;
}

function exposedSection(catalog: Catalog, rules: Map<string, RoutineRules>) {
  const exposed = exposedRoutines(catalog);
  const definersOf = (r: Routine) =>
    rules.get(keyOf(r))!.calls.filter((k) => rules.get(k)?.routine.definer);
  const lines = [
    '## Functions the data API exposes',
    '',
    'PostgREST serves each as `POST /rest/v1/rpc/<name>`; a user token reaches them exactly as',
    'the API does. Minimum role and codes are read from the bodies of the function and of every',
    'function it calls; the triggers of the tables it writes add theirs (see each table).',
    '',
    ...table(
      ['function', 'runs as', 'definer behind it', 'minimum role', 'raises'],
      exposed.map((r) => {
        const rule = rules.get(keyOf(r))!;
        return [
          tick(keyOf(r)),
          r.definer ? 'definer' : 'invoker',
          list(definersOf(r)),
          roleText(rule),
          list(rule.raises),
        ];
      }),
    ),
  ];
  for (const r of exposed) {
    const rule = rules.get(keyOf(r))!;
    lines.push(
      '',
      `### ${keyOf(r)}`,
      '',
      ...signature(r),
      '',
      flat(whyOf(catalog, r) ?? '(no comment)'),
      '',
      `- runs as: ${r.definer ? 'its owner (security definer)' : 'the caller (security invoker)'}; execute: ${list(r.execute)}`,
      `- calls: ${list(rule.calls)}`,
      `- minimum role: ${roleText(rule)}`,
      `- raises: ${list(rule.raises)}`,
    );
  }
  return lines;
}

function grantRows(relation: Relation): string[][] {
  const grantees = [...new Set(relation.grants.map((g) => g.grantee))].sort(
    byText,
  );
  return grantees.map((grantee) => {
    const mine = relation.grants.filter((g) => g.grantee === grantee);
    const ordered = (columns: boolean) =>
      mine
        .filter((g) => g.columns.length > 0 === columns)
        .sort(
          (a, b) =>
            PRIVILEGES.indexOf(a.privilege) - PRIVILEGES.indexOf(b.privilege),
        );
    return [
      grantee,
      ordered(false)
        .map((g) => g.privilege)
        .join(', ') || '—',
      ordered(true)
        .map((g) => `${g.privilege} (${g.columns.join(', ')})`)
        .join('; ') || '—',
    ];
  });
}

function relationSection(
  relation: Relation,
  rules: Map<string, RoutineRules>,
): string[] {
  const lines = [`### ${keyOf(relation)}`, ''];
  if (relation.kind !== 'table') lines.push(`A ${relation.kind}.`, '');
  if (relation.comment) lines.push(flat(relation.comment), '');
  const ours = APP_SCHEMAS.includes(relation.schema);
  if (ours) {
    lines.push(
      `Row level security: ${relation.rls ? 'on' : '**off**'}${relation.forceRls ? ' (forced for the owner too)' : ''}.`,
      '',
    );
    if (relation.policies.length > 0) lines.push('Policies:', '');
    for (const p of relation.policies) {
      const kind = p.permissive ? '' : ' (restrictive)';
      lines.push(
        `- ${tick(p.name)}: ${p.command}${kind} to ${p.roles.join(', ')}. ${flat(p.comment ?? '(no comment)')}`,
      );
      if (p.using) lines.push(`  - using: ${tick(flat(p.using))}`);
      if (p.withCheck) lines.push(`  - with check: ${tick(flat(p.withCheck))}`);
    }
    if (relation.policies.length > 0) lines.push('');
    const grants = grantRows(relation);
    lines.push(
      ...(grants.length > 0
        ? table(['role', 'table privileges', 'column privileges'], grants)
        : ['Granted to no role but its owner.']),
      '',
    );
  }
  if (relation.triggers.length > 0) {
    lines.push(
      ...table(
        ['trigger', 'fires', 'function', 'raises'],
        relation.triggers.map((t) => {
          const fires =
            /^CREATE (?:CONSTRAINT )?TRIGGER \S+ (.*?) ON \S+ (.*?) EXECUTE FUNCTION /.exec(
              t.definition,
            );
          const rule = rules.get(`${t.functionSchema}.${t.functionName}`);
          const security = rule?.routine.definer ? ' (definer)' : '';
          return [
            tick(t.name),
            cell(fires ? `${fires[1]} ${fires[2]}` : t.definition),
            `${tick(`${t.functionSchema}.${t.functionName}`)}${security}`,
            list(rule?.raises ?? []),
          ];
        }),
      ),
      '',
    );
  }
  if (relation.columnComments.length > 0) {
    lines.push(
      ...table(
        ['column', 'comment'],
        relation.columnComments.map((c) => [tick(c.column), cell(c.comment)]),
      ),
      '',
    );
  }
  return lines;
}

function definerSection(catalog: Catalog, rules: Map<string, RoutineRules>) {
  const callers = (key: string) => [
    ...[...rules.values()]
      .filter((rule) => rule.calls.includes(key))
      .map((rule) => tick(rule.key)),
    ...catalog.relations.flatMap((relation) =>
      relation.triggers
        .filter((t) => `${t.functionSchema}.${t.functionName}` === key)
        .map((t) => `trigger ${tick(t.name)} on ${tick(keyOf(relation))}`),
    ),
  ];
  const definers = catalog.routines.filter((routine) => routine.definer);
  const exposed = definers.filter((r) => r.schema === EXPOSED_SCHEMA);
  const lines = [
    '## Definer functions',
    '',
    'They run as their owner, past RLS: each checks the caller itself.',
    exposed.length === 0
      ? `None is in the exposed schema (\`${EXPOSED_SCHEMA}\`).`
      : `**In the exposed schema, so callable straight through PostgREST:** ${list(exposed.map(keyOf))}.`,
  ];
  for (const r of definers) {
    const rule = rules.get(keyOf(r))!;
    lines.push(
      '',
      `### ${keyOf(r)}`,
      '',
      ...signature(r),
      '',
      flat(r.comment ?? '(no comment)'),
      '',
      `- execute: ${list(r.execute, 'its owner only')}`,
      `- called by: ${callers(keyOf(r)).join(', ') || '—'}`,
      `- calls: ${list(rule.calls)}`,
      ...(r.callableByApi ? [`- minimum role: ${roleText(rule)}`] : []),
      `- raises: ${list(rule.raises)}`,
    );
  }
  return lines;
}

/** The whole document; read missingComments() first: a missing comment shows as "(no comment)". */
export function renderSchemaDoc(catalog: Catalog): string {
  const rules = analyseRules(catalog);
  const roles =
    catalog.enums.find(
      (e) => e.schema === 'public' && e.name === 'workspace_role',
    )?.labels ?? [];
  const others = catalog.routines.filter(
    (r) => !r.definer && !exposedRoutines(catalog).includes(r),
  );
  const lines = [
    '# Database schema',
    '',
    'Generated by `npm run db:doc` from the catalog of a fresh local stack with every migration of',
    '`supabase/migrations` applied: do not edit it. `npm test` fails while it differs from the',
    'catalog, or while a policy or definer function has no `comment on` saying why it exists.',
    'A locked migration never changes (`supabase/migrations.lock`): change the schema in a new',
    'one, then run `npm run db:doc`.',
    '',
    `Workspace roles, each including the ones before it: ${roles.map(tick).join(' < ')}.`,
    'PostgREST answers `PTxyz` with HTTP xyz, `42501` with 403 (401 without a token), `22023`',
    'and `P0001` with 400.',
    '',
    ...exposedSection(catalog, rules),
    '',
    '## Tables',
    '',
    `Grants name every role but the owner. Of these, RLS does not hold back ${list(
      catalog.bypassRls.filter((role) =>
        catalog.relations.some((r) => r.grants.some((g) => g.grantee === role)),
      ),
      'any',
    )}.`,
    ...catalog.relations.flatMap((relation) => [
      '',
      ...trimEnd(relationSection(relation, rules)),
    ]),
    '',
    ...definerSection(catalog, rules),
    '',
    '## Other functions',
    '',
    'Security invoker: they run as the caller, under RLS.',
    '',
    ...table(
      ['function', 'execute', 'comment'],
      others.map((r) => [
        tick(`${keyOf(r)}(${flat(r.identity)})`),
        list(r.execute),
        cell(r.comment ?? '—'),
      ]),
    ),
    '',
    '## Types and schemas',
    '',
    ...table(
      ['type', 'values'],
      catalog.enums.map((e) => [tick(keyOf(e)), list(e.labels)]),
    ),
    '',
    ...table(
      ['schema', 'usage', 'comment'],
      catalog.schemas.map((s) => [
        tick(s.name),
        list(s.usage),
        cell(s.comment ?? '—'),
      ]),
    ),
  ];
  return `${lines.join('\n')}\n`;
}
