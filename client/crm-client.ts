// A typed client of the Visual CRM API, as a client repository would write one: the types are
// generated from openapi.json (npm run client:types), the calls made with openapi-fetch.
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './api';

export type CrmClient = Client<paths>;

/** `baseUrl` is the API's server URL, e.g. https://crm.example.com/api/v1. */
export function crmClient(baseUrl: string, accessToken: string): CrmClient {
  return createClient<paths>({
    baseUrl,
    headers: { authorization: `Bearer ${accessToken}` },
  });
}
