import { randomUUID } from 'node:crypto';
import {
  CUSTOMER_TEXTS,
  OTHER_COMPANY,
  LIST_TEXTS,
  NOT_A_MEMBER,
  NO_CUSTOMER,
  NO_DEAL,
  NO_WORKSPACE,
  answers,
  finds,
  freshCustomer,
  freshMember,
  freshWorkspaceLike,
  invalid,
  reply,
  taskBy,
  type RouteSurface,
} from './api-replies';
import { DUPLICATE_ROUTES } from './api-routes-duplicates';
import { MERGE_ROUTES } from './api-routes-merges';
import { PIPELINE_ROUTES } from './api-routes-pipeline';
import { COMPANY_ROUTES, NO_COMPANY } from './api-routes-companies';
import { invitationFor } from './catalog-fixtures';

/**
 * Every route of the served OpenAPI document, declared: who may call it, what answers another
 * workspace's object next to this workspace's, and how every text parameter is taken
 * (test/support/api-replies.ts). test/database/catalog-routes.e2e-spec.ts fails on a route or
 * parameter served and not declared here, or declared and gone.
 */
export const ROUTES: Record<string, RouteSurface> = {
  'GET /health': { minimum: 'public', writes: false },
  'GET /health/database': { minimum: 'public', writes: false },
  'GET /health/detailed': { minimum: 'public', writes: false },
  'GET /workspaces/{workspaceId}/events': { minimum: 'stream', writes: false },
  'GET /workspaces': {
    minimum: 'signed-in',
    writes: false,
    request: () => ({}),
  },
  'POST /workspaces': {
    minimum: 'signed-in',
    writes: true,
    request: () => ({ body: { name: 'Catalog' } }),
    texts: { 'body.name': answers },
  },
  'GET /workspaces/{workspaceId}': {
    minimum: 'viewer',
    writes: false,
    request: () => ({}),
    notFound: NO_WORKSPACE,
  },
  'PATCH /workspaces/{workspaceId}': {
    minimum: 'admin',
    writes: true,
    request: () => ({
      body: { name: `Renamed ${randomUUID()}`, default_currency: 'EUR' },
    }),
    notFound: NO_WORKSPACE,
    texts: {
      'body.name': answers,
      'body.default_currency': invalid('default_currency'),
    },
  },
  'DELETE /workspaces/{workspaceId}': {
    minimum: 'owner',
    writes: true,
    request: async (space) => ({
      path: { workspaceId: await freshWorkspaceLike(space) },
    }),
    notFound: NO_WORKSPACE,
  },
  'GET /workspaces/{workspaceId}/members': {
    minimum: 'viewer',
    writes: false,
    request: () => ({}),
    notFound: NO_WORKSPACE,
  },
  'PATCH /workspaces/{workspaceId}/members/{userId}': {
    minimum: 'admin',
    writes: true,
    request: async (space) => ({
      path: { userId: await freshMember(space) },
      body: { role: 'member' },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.userId': reply(404, 'No such member of this workspace.') },
    texts: { 'body.role': invalid('role') },
  },
  'DELETE /workspaces/{workspaceId}/members/{userId}': {
    minimum: 'admin',
    writes: true,
    request: async (space) => ({ path: { userId: await freshMember(space) } }),
    notFound: NO_WORKSPACE,
    ids: { 'path.userId': reply(404, 'No such member of this workspace.') },
  },
  'POST /workspaces/{workspaceId}/invitations': {
    minimum: 'admin',
    writes: true,
    request: () => ({
      body: { email: `i-${randomUUID()}@example.test`, role: 'member' },
    }),
    notFound: NO_WORKSPACE,
    texts: { 'body.email': invalid('email'), 'body.role': invalid('role') },
  },
  'GET /workspaces/{workspaceId}/invitations': {
    minimum: 'admin',
    writes: false,
    request: () => ({}),
    notFound: NO_WORKSPACE,
  },
  'DELETE /workspaces/{workspaceId}/invitations/{invitationId}': {
    minimum: 'admin',
    writes: true,
    request: async (space) => ({
      path: {
        invitationId: (
          await invitationFor(space, `${randomUUID()}@example.test`)
        ).id,
      },
    }),
    notFound: NO_WORKSPACE,
    ids: {
      'path.invitationId': reply(
        404,
        'No such pending invitation, or not one you may revoke.',
      ),
    },
  },
  'POST /invitations/accept': {
    minimum: 'signed-in',
    writes: true,
    request: async (space, caller) => ({
      body: { token: (await invitationFor(space, caller.email)).token },
    }),
    texts: { 'body.token': invalid('token') },
  },
  'GET /workspaces/{workspaceId}/customers': {
    minimum: 'viewer',
    writes: false,
    request: () => ({ query: { limit: '100' } }),
    notFound: NO_WORKSPACE,
    texts: {
      ...LIST_TEXTS,
      'query.q': finds('customers', ['name', 'email']),
      'query.tag': finds('customers', ['tags']),
      'query.status': invalid('status'),
      'query.sort': invalid('sort'),
    },
    ids: { 'query.company_id': 'filter' },
    others: [
      'query.page',
      'query.limit',
      'query.created_from',
      'query.created_to',
    ],
  },
  'POST /workspaces/{workspaceId}/customers': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      body: {
        name: 'Catalog',
        email: `c-${randomUUID()}@example.test`,
        company_id: space.companyId,
        tags: ['catalog'],
      },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'body.company_id': OTHER_COMPANY },
    texts: CUSTOMER_TEXTS,
  },
  'GET /workspaces/{workspaceId}/customers/{id}': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ path: { id: space.customerId } }),
    notFound: NO_CUSTOMER,
    ids: { 'path.id': NO_CUSTOMER },
  },
  'PATCH /workspaces/{workspaceId}/customers/{id}': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: { id: space.customerId },
      body: {
        notes: `Changed ${randomUUID()}`,
        company_id: space.companyId,
        tags: ['catalog'],
      },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_CUSTOMER, 'body.company_id': OTHER_COMPANY },
    texts: CUSTOMER_TEXTS,
  },
  'DELETE /workspaces/{workspaceId}/customers/{id}': {
    minimum: 'member',
    writes: true,
    request: async (space) => ({ path: { id: await freshCustomer(space) } }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_CUSTOMER },
  },
  'POST /workspaces/{workspaceId}/customers/{id}/restore': {
    minimum: 'member',
    writes: true,
    request: async (space) => ({
      path: { id: await freshCustomer(space, true) },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_CUSTOMER },
  },
  ...PIPELINE_ROUTES,
  ...COMPANY_ROUTES,
  ...MERGE_ROUTES,
  ...DUPLICATE_ROUTES,
  'GET /workspaces/{workspaceId}/activities': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({
      query: {
        actor_id: space.users.owner.id,
        customer_id: space.customerId,
        deal_id: space.dealId,
        company_id: space.companyId,
      },
    }),
    notFound: NO_WORKSPACE,
    ids: {
      'query.actor_id': 'filter',
      'query.customer_id': NO_CUSTOMER,
      'query.deal_id': NO_DEAL,
      'query.company_id': NO_COMPANY,
    },
    texts: { ...LIST_TEXTS, 'query.kind': invalid('kind') },
    others: ['query.limit', 'query.from', 'query.to'],
  },
  'GET /workspaces/{workspaceId}/customers/{id}/activities': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({
      path: { id: space.customerId },
      query: { actor_id: space.users.owner.id },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_CUSTOMER, 'query.actor_id': 'filter' },
    texts: { ...LIST_TEXTS, 'query.kind': invalid('kind') },
    others: ['query.limit', 'query.from', 'query.to'],
  },
  'POST /workspaces/{workspaceId}/customers/{id}/activities': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: { id: space.customerId },
      body: {
        kind: 'task',
        body: 'Catalog',
        assignee_id: space.users.member.id,
      },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_CUSTOMER, 'body.assignee_id': NOT_A_MEMBER },
    texts: { 'body.body': answers, 'body.kind': invalid('kind') },
    others: ['body.due_at'],
  },
  'GET /workspaces/{workspaceId}/deals/{dealId}/activities': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({
      path: { dealId: space.dealId },
      query: { actor_id: space.users.owner.id },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.dealId': NO_DEAL, 'query.actor_id': 'filter' },
    texts: { ...LIST_TEXTS, 'query.kind': invalid('kind') },
    others: ['query.limit', 'query.from', 'query.to'],
  },
  'POST /workspaces/{workspaceId}/deals/{dealId}/activities': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: { dealId: space.dealId },
      body: {
        kind: 'task',
        body: 'Catalog',
        assignee_id: space.users.member.id,
      },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.dealId': NO_DEAL, 'body.assignee_id': NOT_A_MEMBER },
    texts: { 'body.body': answers, 'body.kind': invalid('kind') },
    others: ['body.due_at'],
  },
  'PATCH /workspaces/{workspaceId}/activities/{activityId}': {
    minimum: 'member',
    writes: true,
    request: async (space, caller) => ({
      path: { activityId: await taskBy(space, caller) },
      body: { body: 'Changed', assignee_id: space.users.member.id },
    }),
    notFound: NO_WORKSPACE,
    ids: {
      'path.activityId': reply(404, 'No such entry in this workspace.'),
      'body.assignee_id': NOT_A_MEMBER,
    },
    texts: { 'body.body': answers },
    others: ['body.due_at'],
  },
  'GET /workspaces/{workspaceId}/tasks': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ query: { assignee: space.users.member.id } }),
    notFound: NO_WORKSPACE,
    ids: { 'query.assignee': 'filter' },
    texts: {
      ...LIST_TEXTS,
      'query.assignee': invalid('assignee'),
      'query.status': invalid('status'),
    },
    others: ['query.limit', 'query.due_before'],
  },
};
