// The problems routes share, spread into ApiRoute's `problems` beside a route's own. Each is
// written once here, named for the routes it fits; a route's own sentences stay with the route.

/** Any route behind an access token: no token or a bad one, a rate limit, a dependency down. */
export const SIGNED_IN = { 401: true, 429: true, 503: true } as const;

/** A signed-in route that validates input (a path id, a query or a body): 400 besides. */
export const VALIDATED = { ...SIGNED_IN, 400: true } as const;

/** A route that takes a JSON body. */
export const JSON_BODY = { 413: true, 415: true } as const;

/** A write in a workspace that members and above may make. */
export const MEMBER_WRITE = {
  403: 'Viewers read; members and above write.',
} as const;

/** A row of a workspace: a non-member learns no more than that the workspace is not theirs. */
const inWorkspace = (row: string) =>
  ({
    404: `No such workspace (or you are not a member of it), or no such ${row} in it.`,
  }) as const;

/** The same, in the words of the routes that manage members and invitations. */
const ofWorkspace = (row: string) =>
  ({ 404: `No such workspace (or not yours), or no such ${row}.` }) as const;

/** The 404 of a route, by what it looks up. */
export const NOT_FOUND = {
  workspace: { 404: 'No such workspace, or you are not a member of it.' },
  customer: inWorkspace('customer'),
  liveCustomer: inWorkspace('live customer'),
  deal: inWorkspace('deal'),
  liveDeal: inWorkspace('live deal'),
  dealToRestore: ofWorkspace('deal'),
  pipeline: inWorkspace('pipeline'),
  stage: {
    404: 'No such workspace (or you are not a member of it), pipeline or stage.',
  },
  entry: inWorkspace('entry'),
  company: inWorkspace('company'),
  liveCompany: inWorkspace('live company'),
  member: ofWorkspace('member'),
  pendingInvitation: ofWorkspace('pending invitation'),
} as const;
