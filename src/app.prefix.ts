/** Every route of the API lives under this path. */
export const API_PREFIX = 'api/v1';
