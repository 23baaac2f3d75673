import { domainToASCII } from 'node:url';
import { getDomain } from 'tldts';

/**
 * The registrable domain of a URL or a host (`https://www.Acme.co.uk/about` → `acme.co.uk`),
 * in ASCII (IDNs in punycode), or null when it has none (an IP address, a bare suffix, junk).
 * The public suffix list is what a regex cannot know; the database only normalises the shape.
 */
export function registrableDomain(input: string): string | null {
  const domain = getDomain(input.trim(), { allowPrivateDomains: true });
  if (!domain) return null;
  const ascii = domainToASCII(domain);
  return ascii === '' ? null : ascii.toLowerCase();
}
