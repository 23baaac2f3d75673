import { noSuch, refusal, type FunctionSurface } from './api-surface-shape';
import { searchable, searches } from './api-routes-duplicates';

const pairs: FunctionSurface = {
  minimum: 'viewer',
  writes: false,
  notFound: noSuch('workspace'),
  ids: { p_workspace_id: 'scope' },
  texts: {},
  others: ['p_limit', 'p_offset', 'p_with_total'],
  call: (space) => ({
    p_workspace_id: space.id,
    p_limit: 100,
    p_with_total: true,
  }),
};

/** The functions of companies, their duplicates and the search, declared as api-surface.ts says. */
export const DUPLICATE_FUNCTIONS: Record<string, FunctionSurface> = {
  list_company_duplicates: pairs,
  list_customer_duplicates: pairs,
  search_workspace: {
    minimum: 'viewer',
    writes: false,
    notFound: noSuch('workspace'),
    ids: { p_workspace_id: 'scope' },
    texts: {
      p_query: {
        value: searchable,
        taken: (answer, sent, space) => searches(answer, String(sent), space),
      },
    },
    others: ['p_limit'],
    call: (space) => ({
      p_workspace_id: space.id,
      p_query: 'Meta',
      p_limit: 20,
    }),
    refusals: [
      {
        name: 'a query under 3 characters',
        as: 'viewer',
        args: (own) => ({
          p_workspace_id: own.id,
          p_query: ' ab ',
          p_limit: 5,
        }),
        refusal: refusal('22023', 'the query must be 3 to 200 characters'),
      },
    ],
  },
};
