import { NO_WORKSPACE, type RouteSurface } from './api-replies';
import { admin, type Space } from './catalog-fixtures';

/** The shortest search: a shorter metacharacter is sent three times over. */
export const searchable = (text: string) =>
  text.length >= 3 ? text : text.repeat(3);

type Found = Record<string, { data: { id: string }[]; total: number }>;

/**
 * A search answer holds live rows of the workspace only, and counts at least every live row
 * whose text holds what was sent (trigram matches add to it).
 */
export const searches = async (answer: unknown, sent: string, space: Space) => {
  const found = answer as Found;
  const kinds = [
    ['people', 'customers', ['name', 'email']],
    ['companies', 'companies', ['name', 'domain']],
    ['deals', 'deals', ['title']],
  ] as const;
  for (const [kind, table, columns] of kinds) {
    const ids = found[kind].data.map((row) => row.id);
    const [{ live, holding }] = await admin<{ live: number; holding: number }>(
      `select count(*) filter (where t.id = any ($3::uuid[]))::int as live,
              count(*) filter (where ${columns
                .map(
                  (c) => `strpos(lower(coalesce(t.${c}, '')), lower($2)) > 0`,
                )
                .join(' or ')})::int as holding
         from public.${table} t where t.workspace_id = $1 and t.deleted_at is null`,
      [space.id, sent.trim(), ids],
    );
    expect([kind, live]).toEqual([kind, ids.length]);
    expect(found[kind].total).toBeGreaterThanOrEqual(Math.min(holding, 1001));
  }
};

/** The routes of companies, their duplicates and the search, declared as api-routes.ts says. */
export const DUPLICATE_ROUTES: Record<string, RouteSurface> = {
  'GET /workspaces/{workspaceId}/companies/duplicates': {
    minimum: 'viewer',
    writes: false,
    request: () => ({ query: { limit: '100' } }),
    notFound: NO_WORKSPACE,
    others: ['query.page', 'query.limit'],
  },
  'GET /workspaces/{workspaceId}/customers/duplicates': {
    minimum: 'viewer',
    writes: false,
    request: () => ({ query: { limit: '100' } }),
    notFound: NO_WORKSPACE,
    others: ['query.page', 'query.limit'],
  },
  'GET /workspaces/{workspaceId}/search': {
    minimum: 'viewer',
    writes: false,
    request: () => ({ query: { q: 'Meta', limit: '20' } }),
    notFound: NO_WORKSPACE,
    texts: { 'query.q': { without: [], rule: searches, value: searchable } },
    others: ['query.limit'],
  },
};
