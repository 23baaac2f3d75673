import {
  NO_DEAL,
  NO_WORKSPACE,
  invalid,
  reply,
  type RouteSurface,
} from './api-replies';
import { freshCompany, freshPerson } from './api-surface-merges';
import { admin, type Space } from './catalog-fixtures';

/** The merge and deal-contact routes, declared as test/support/api-routes.ts says. */

const NO_COMPANY = reply(404, 'No such company in this workspace.');
const NO_CUSTOMER = reply(404, 'No such customer in this workspace.');
const NO_CONTACT = reply(404, 'No such customer on this deal.');
const MERGE = '/workspaces/{workspaceId}';
const CONTACTS = '/workspaces/{workspaceId}/deals/{dealId}/contacts';

/** A fresh person put on the space's deal: one to re-role or take off. */
const freshContact = async (space: Space) => {
  const customerId = await freshPerson(space);
  await admin(
    `insert into public.deal_contacts (workspace_id, deal_id, customer_id, role)
     values ($1, $2, $3, 'user')`,
    [space.id, space.dealId, customerId],
  );
  return customerId;
};

export const MERGE_ROUTES: Record<string, RouteSurface> = {
  [`POST ${MERGE}/companies/{id}/merge`]: {
    minimum: 'member',
    writes: true,
    request: async (space) => ({
      path: { id: await freshCompany(space) },
      body: { duplicate_id: await freshCompany(space) },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_COMPANY, 'body.duplicate_id': NO_COMPANY },
  },
  [`POST ${MERGE}/customers/{id}/merge`]: {
    minimum: 'member',
    writes: true,
    request: async (space) => ({
      path: { id: await freshPerson(space) },
      body: { duplicate_id: await freshPerson(space) },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_CUSTOMER, 'body.duplicate_id': NO_CUSTOMER },
  },
  [`GET ${CONTACTS}`]: {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ path: { dealId: space.dealId } }),
    notFound: NO_WORKSPACE,
    ids: { 'path.dealId': NO_DEAL },
  },
  [`POST ${CONTACTS}`]: {
    minimum: 'member',
    writes: true,
    request: async (space) => ({
      path: { dealId: space.dealId },
      body: { customer_id: await freshPerson(space), role: 'champion' },
    }),
    notFound: NO_WORKSPACE,
    ids: {
      'path.dealId': NO_DEAL,
      'body.customer_id': reply(
        422,
        'The customer is not a live one of this workspace.',
      ),
    },
    texts: { 'body.role': invalid('role') },
  },
  [`PATCH ${CONTACTS}/{customerId}`]: {
    minimum: 'member',
    writes: true,
    request: async (space) => ({
      path: { dealId: space.dealId, customerId: await freshContact(space) },
      body: { role: 'influencer' },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.dealId': NO_DEAL, 'path.customerId': NO_CONTACT },
    texts: { 'body.role': invalid('role') },
  },
  [`DELETE ${CONTACTS}/{customerId}`]: {
    minimum: 'member',
    writes: true,
    request: async (space) => ({
      path: { dealId: space.dealId, customerId: await freshContact(space) },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.dealId': NO_DEAL, 'path.customerId': NO_CONTACT },
  },
};
