import { registrableDomain } from './company-domain';

describe(registrableDomain.name, () => {
  it.each([
    ['https://www.Acme.co.uk/about', 'acme.co.uk'],
    ['acme.com', 'acme.com'],
    ['shop.eu.acme.com', 'acme.com'],
    ['http://user@sales.acme.com:8080/x?y#z', 'acme.com'],
    ['ACME.COM.', 'acme.com'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['https://www.bücher.de/x', 'xn--bcher-kva.de'],
    ['ada.github.io', 'ada.github.io'],
  ])('reduces %s to %s', (input, domain) => {
    expect(registrableDomain(input)).toBe(domain);
  });

  it.each(['127.0.0.1', 'co.uk', 'localhost', 'not a domain', '', 'https://'])(
    'finds no registrable domain in %p',
    (input) => {
      expect(registrableDomain(input)).toBeNull();
    },
  );
});
