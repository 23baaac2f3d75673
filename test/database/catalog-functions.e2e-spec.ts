import { type Catalog, readCatalog } from '../../scripts/lib/schema-catalog';
import { analyseRules, exposedRoutines } from '../../scripts/lib/schema-rules';
import { FUNCTIONS } from '../support/api-surface';
import {
  ROLE_TOO_LOW,
  type FunctionSurface,
  type TextArgument,
} from '../support/api-surface-shape';
import { TABLES } from '../support/api-tables';
import {
  argumentsOf,
  type Attempt,
  rpcAs,
  tryOnce,
  withText,
} from '../support/catalog-calls';
import {
  buildFixtures,
  closeAdmin,
  digest,
  type Fixtures,
  inParallel,
  METACHARACTERS,
  newcomer,
  rank,
  ROLES,
} from '../support/catalog-fixtures';
import type { TestUser } from '../support/users';

const TABLE_SCOPES = Object.entries(TABLES).map(([name, t]) => ({
  name,
  workspace: t.workspace,
}));

/**
 * Every function PostgREST serves, read from the live catalog and declared in
 * test/support/api-surface.ts, called straight through /rpc with real tokens: anonymous, a
 * stranger, each role below its minimum, another workspace's owner, another workspace's object
 * next to this workspace's by a member of both, and SQL and PostgREST metacharacters in every
 * text argument. A refusal must be the declared rule's (code and message) and write nothing;
 * the minimum role succeeds.
 */
describe('functions the data API serves, tried as everyone (test/support/api-surface.ts)', () => {
  let catalog: Catalog;
  let fixtures: Fixtures;

  beforeAll(async () => {
    [catalog, fixtures] = await Promise.all([
      readCatalog(process.env.DATABASE_ADMIN_URL!),
      buildFixtures(),
    ]);
  }, 60_000);

  afterAll(closeAdmin);

  const snapshot = (extra: TestUser[] = []) =>
    digest(
      { ...fixtures, everyone: [...fixtures.everyone, ...extra] },
      TABLE_SCOPES,
    );

  it('declares every function it serves, every argument of each, and none that is gone', () => {
    const served = exposedRoutines(catalog);
    expect(served.map((r) => r.name).sort()).toEqual(
      Object.keys(FUNCTIONS).sort(),
    );
    const enums = new Set(catalog.enums.map((e) => `${e.schema}.${e.name}`));
    const textual = (type: string) =>
      ['text', 'character varying', 'json', 'jsonb'].includes(
        type.replace(/\[\]$/, ''),
      ) || enums.has(type.replace(/\[\]$/, ''));
    const undeclared = served.flatMap((routine) => {
      const surface = FUNCTIONS[routine.name];
      const texts = Object.keys(surface.texts).map((p) => p.split('.')[0]);
      const args = argumentsOf(routine);
      const missing = args
        .filter(({ name, type }) =>
          type.startsWith('uuid')
            ? !(name in surface.ids)
            : textual(type)
              ? !texts.includes(name)
              : !surface.others.includes(name),
        )
        .map(({ name, type }) => `${routine.name}(${name} ${type})`);
      const gone = [...Object.keys(surface.ids), ...texts, ...surface.others]
        .filter((name) => !args.some((a) => a.name === name))
        .map((name) => `${routine.name}: ${name} is gone`);
      return [...missing, ...gone];
    });
    expect(undeclared).toEqual([]);
  });

  it('declares the minimum role each function body checks (supabase/SCHEMA.md)', () => {
    const rules = analyseRules(catalog);
    const checked = Object.keys(FUNCTIONS).map((name) => [
      name,
      rules.get(`public.${name}`)?.minimumRole.role ?? 'signed-in',
    ]);
    expect(checked).toEqual(
      Object.entries(FUNCTIONS).map(([name, s]) => [name, s.minimum]),
    );
  });

  it('serves no trigger function through /rpc', async () => {
    const triggers = catalog.routines.filter(
      (r) => r.schema === 'public' && r.trigger && r.callableByApi,
    );
    for (const routine of triggers) {
      const { error } = await rpcAs(fixtures.a.users.owner, routine.name, {});
      expect([routine.name, error?.code]).toEqual([routine.name, 'PGRST202']);
    }
  });

  /** The caller at the minimum role: for "any signed-in user", one nobody has seen. */
  const minimumCaller = async (surface: FunctionSurface) =>
    surface.minimum === 'signed-in'
      ? newcomer()
      : fixtures.a.users[surface.minimum];

  const textCases = async (
    fn: string,
    surface: FunctionSurface,
    caller: TestUser,
    which: (t: TextArgument) => boolean,
  ): Promise<Attempt[]> => {
    const cases: Attempt[] = [];
    for (const [path, text] of Object.entries(surface.texts).filter(([, t]) =>
      which(t),
    ))
      for (const meta of METACHARACTERS) {
        const sent = text.value ? text.value(meta) : meta;
        const base = {
          ...(await surface.call(fixtures.a, caller)),
          ...text.with,
        };
        const { refused, taken } = text;
        cases.push({
          label: `${path} = ${JSON.stringify(sent)}`,
          caller,
          args: withText(base, path, sent),
          expected: refused
            ? typeof refused === 'function'
              ? refused(meta)
              : refused
            : (answer) => taken!(answer, sent, fixtures.a),
        });
      }
    return cases.map((c) => ({ ...c, label: `${fn} ${c.label}` }));
  };

  describe.each(Object.keys(FUNCTIONS))('%s', (fn) => {
    const surface = FUNCTIONS[fn];

    it('refuses whom and what it must, naming the rule, and writes nothing', async () => {
      const { a, b, bridge, stranger } = fixtures;
      const cases: Attempt[] = [
        {
          label: 'anonymous',
          caller: null,
          args: await surface.call(a, stranger),
          expected: {
            code: '42501',
            message: `permission denied for function ${fn}`,
          },
        },
      ];
      if (surface.notFound)
        cases.push(
          {
            label: 'a stranger',
            caller: stranger,
            args: await surface.call(a, stranger),
            expected: surface.notFound,
          },
          {
            label: "another workspace's owner",
            caller: b.users.owner,
            args: await surface.call(a, b.users.owner),
            expected: surface.notFound,
          },
        );
      if (surface.minimum !== 'signed-in')
        for (const role of ROLES.filter(
          (r) => rank(r) < rank(surface.minimum as (typeof ROLES)[number]),
        ))
          cases.push({
            label: `a ${role}`,
            caller: a.users[role],
            args: await surface.call(a, a.users[role]),
            expected: ROLE_TOO_LOW,
          });
      for (const [arg, rule] of Object.entries(surface.ids)) {
        if (rule === 'scope') continue;
        const theirs = await surface.call(b, bridge);
        cases.push({
          label: `${arg} of the other workspace, by a member of both`,
          caller: bridge,
          args: { ...(await surface.call(a, bridge)), [arg]: theirs[arg] },
          expected: rule === 'filter' ? () => undefined : rule,
        });
      }
      for (const extra of surface.refusals ?? []) {
        const caller = extra.as === 'stranger' ? stranger : a.users[extra.as];
        cases.push({
          label: extra.name,
          caller,
          args: await extra.args(a, b, caller),
          expected: extra.refusal,
        });
      }
      const caller =
        surface.minimum === 'signed-in' ? stranger : a.users[surface.minimum];
      cases.push(...(await textCases(fn, surface, caller, (t) => !t.taken)));

      const before = await snapshot();
      const failures = await inParallel(
        cases.map((c) => () => tryOnce(fn, c, b)),
      );
      expect(failures.filter(Boolean)).toEqual([]);
      expect(await snapshot()).toBe(before);
    });

    const takesText = Object.values(surface.texts).some((t) => t.taken);
    if (takesText)
      it('takes metacharacters in its text arguments as text', async () => {
        const caller = await minimumCaller(surface);
        const cases = await textCases(fn, surface, caller, (t) => !!t.taken);
        const failures = await inParallel(
          cases.map((c) => () => tryOnce(fn, c, fixtures.b)),
        );
        expect(failures.filter(Boolean)).toEqual([]);
      });

    const whom =
      surface.minimum === 'signed-in'
        ? 'any signed-in user'
        : `${surface.minimum === 'admin' ? 'an' : 'a'} ${surface.minimum}`;

    it(`answers ${whom}`, async () => {
      const caller = await minimumCaller(surface);
      const args = await surface.call(fixtures.a, caller);
      const before = await snapshot([caller]);
      const failure = await tryOnce(
        fn,
        { label: 'at the minimum role', caller, args, expected: () => {} },
        fixtures.b,
      );
      expect(failure).toBeNull();
      expect((await snapshot([caller])) !== before).toBe(surface.writes);
    });
  });
});
