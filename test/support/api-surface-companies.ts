import { randomUUID } from 'node:crypto';
import {
  answeredNew,
  answers,
  contains,
  echoed,
  finds,
  refusal,
  noSuch,
  WHOLE_PAGE,
  type FunctionSurface,
} from './api-surface-shape';
import { admin } from './catalog-fixtures';

/** A check constraint of companies refusing a value. */
const companiesCheck = (constraint: string) =>
  refusal(
    '23514',
    `new row for relation "companies" violates check constraint "${constraint}"`,
  );

/** The functions of companies, declared as test/support/api-surface.ts says. */
export const COMPANY_FUNCTIONS: Record<string, FunctionSurface> = {
  create_company: {
    minimum: 'member',
    writes: true,
    notFound: noSuch('workspace'),
    ids: { p_workspace_id: 'scope' },
    texts: {
      'p_company.name': { taken: echoed('company', 'name') },
      // A host inside a name: the domain's shape refuses every metacharacter.
      'p_company.domain': {
        value: (text) => `x.${text}`,
        refused: companiesCheck('companies_domain_check'),
      },
      'p_company.industry': { taken: echoed('company', 'industry') },
      'p_company.country': {
        refused: companiesCheck('companies_country_check'),
      },
      'p_company.city': { taken: echoed('company', 'city') },
      'p_company.phone': { taken: echoed('company', 'phone') },
      'p_company.notes': { taken: echoed('company', 'notes') },
      'p_company.tags': {
        value: (text) => [text],
        taken: echoed('company', 'tags'),
      },
      // Keys of its own: create_customer's declaration takes the bare metacharacters.
      p_idempotency_key: {
        value: (text) => `company ${text}`,
        taken: answeredNew,
      },
      p_request_hash: { taken: answeredNew },
    },
    others: [],
    call: (space) => ({
      p_workspace_id: space.id,
      p_company: {
        name: 'Catalog company',
        domain: `c-${randomUUID()}.example`,
        employees: 12,
      },
      p_idempotency_key: randomUUID(),
      p_request_hash: 'catalog',
    }),
    refusals: [
      {
        name: 'a key that created a customer',
        as: 'member',
        args: async (own, _other, caller) => {
          const key = randomUUID();
          await admin(
            `insert into private.idempotency_keys (owner_id, key, request_hash, customer_id)
             values ($1, $2, 'catalog', $3)`,
            [caller.id, key, own.customerId],
          );
          return {
            p_workspace_id: own.id,
            p_company: { name: 'Twin' },
            p_idempotency_key: key,
            p_request_hash: 'catalog',
          };
        },
        refusal: refusal('PT422', 'idempotency key reused for another request'),
      },
      {
        name: 'a domain a live company of the workspace has',
        as: 'member',
        args: (own) => ({
          p_workspace_id: own.id,
          p_company: { name: 'Twin', domain: 'https://www.plain-a.example/' },
        }),
        refusal: refusal(
          'PT409',
          'a live company of this workspace already has this domain',
        ),
      },
    ],
  },
  list_companies: {
    minimum: 'viewer',
    writes: false,
    notFound: noSuch('workspace'),
    ids: { p_workspace_id: 'scope', p_after_id: 'filter' },
    texts: {
      p_tag: { taken: finds('companies', 't.tags @> array[$2]', ['tags']) },
      p_industries: { value: (text) => [text], taken: answers },
      p_countries: {
        value: (text) => [text],
        refused: refusal('22023', 'a filter is out of bounds'),
      },
      p_search: {
        taken: finds(
          'companies',
          `(${contains('name')} or ${contains('domain')})`,
          ['name', 'domain'],
        ),
      },
      p_sort: { refused: refusal('22023', 'unsupported sort') },
      p_after_value: { taken: answers },
    },
    others: ['p_descending', 'p_limit', 'p_offset', 'p_with_total'],
    // After the empty name in name order: a cursor that every row passes.
    call: (space) => ({
      p_workspace_id: space.id,
      p_sort: 'name',
      p_descending: false,
      p_after_value: '',
      p_after_id: space.companyId,
      ...WHOLE_PAGE,
    }),
  },
};
