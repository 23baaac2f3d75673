import { randomUUID } from 'node:crypto';
import {
  LIST_TEXTS,
  NOT_A_MEMBER,
  NO_WORKSPACE,
  answers,
  finds,
  invalid,
  reply,
  type RouteSurface,
} from './api-replies';
import { admin, type Space } from './catalog-fixtures';

export const NO_COMPANY = reply(404, 'No such company in this workspace.');

/** A company of the space to change, delete or restore (`deleted`: deleted already). */
export const freshCompany = async (space: Space, deleted = false) =>
  (
    await admin<{ id: string }>(
      `insert into public.companies (workspace_id, name, deleted_at)
       values ($1, 'Fresh', case when $2 then now() end) returning id`,
      [space.id, deleted],
    )
  )[0].id;

const COMPANY_TEXTS = {
  'body.name': answers,
  'body.domain': reply(
    400,
    'domain must be a URL or host name with a registrable domain',
  ),
  'body.industry': answers,
  'body.country': invalid('country'),
  'body.city': answers,
  'body.phone': answers,
  'body.tags': answers,
  'body.notes': answers,
};

/** The routes of companies, declared as test/support/api-routes.ts says. */
export const COMPANY_ROUTES: Record<string, RouteSurface> = {
  'GET /workspaces/{workspaceId}/companies': {
    minimum: 'viewer',
    writes: false,
    request: () => ({ query: { limit: '100' } }),
    notFound: NO_WORKSPACE,
    texts: {
      ...LIST_TEXTS,
      'query.q': finds('companies', ['name', 'domain']),
      'query.tag': finds('companies', ['tags']),
      'query.industry': answers,
      'query.country': invalid('country'),
      'query.sort': invalid('sort'),
    },
    others: ['query.page', 'query.limit'],
  },
  'POST /workspaces/{workspaceId}/companies': {
    minimum: 'member',
    writes: true,
    request: () => ({
      body: {
        name: 'Catalog',
        domain: `https://www.c-${randomUUID()}.co.uk/`,
        employees: 3,
        country: 'GB',
        tags: ['catalog'],
      },
    }),
    notFound: NO_WORKSPACE,
    texts: COMPANY_TEXTS,
  },
  'GET /workspaces/{workspaceId}/companies/{id}': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ path: { id: space.companyId } }),
    notFound: NO_COMPANY,
    ids: { 'path.id': NO_COMPANY },
  },
  'PATCH /workspaces/{workspaceId}/companies/{id}': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: { id: space.companyId },
      body: { notes: `Changed ${randomUUID()}`, tags: ['catalog'] },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_COMPANY },
    texts: COMPANY_TEXTS,
  },
  'DELETE /workspaces/{workspaceId}/companies/{id}': {
    minimum: 'member',
    writes: true,
    request: async (space) => ({ path: { id: await freshCompany(space) } }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_COMPANY },
  },
  'POST /workspaces/{workspaceId}/companies/{id}/restore': {
    minimum: 'member',
    writes: true,
    request: async (space) => ({
      path: { id: await freshCompany(space, true) },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_COMPANY },
  },
  'GET /workspaces/{workspaceId}/companies/{id}/customers': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ path: { id: space.companyId } }),
    notFound: NO_COMPANY,
    ids: { 'path.id': NO_COMPANY },
    texts: LIST_TEXTS,
    others: ['query.page', 'query.limit'],
  },
  'GET /workspaces/{workspaceId}/companies/{id}/deals': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ path: { id: space.companyId } }),
    notFound: NO_COMPANY,
    ids: { 'path.id': NO_COMPANY },
    texts: LIST_TEXTS,
    others: ['query.page', 'query.limit'],
  },
  'GET /workspaces/{workspaceId}/companies/{id}/activities': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({
      path: { id: space.companyId },
      query: { actor_id: space.users.owner.id },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_COMPANY, 'query.actor_id': 'filter' },
    texts: { ...LIST_TEXTS, 'query.kind': invalid('kind') },
    others: ['query.limit', 'query.from', 'query.to'],
  },
  'POST /workspaces/{workspaceId}/companies/{id}/activities': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: { id: space.companyId },
      body: {
        kind: 'task',
        body: 'Catalog',
        assignee_id: space.users.member.id,
      },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_COMPANY, 'body.assignee_id': NOT_A_MEMBER },
    texts: { 'body.body': answers, 'body.kind': invalid('kind') },
    others: ['body.due_at'],
  },
};
