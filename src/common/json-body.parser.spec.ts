import { jsonDepthExceeds } from './json-body.parser';

describe(jsonDepthExceeds.name, () => {
  it('counts arrays and objects, nested either way', () => {
    expect(jsonDepthExceeds('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(jsonDepthExceeds('{"a":[{"b":[1]}]}', 3)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds('{"name":"[[[[{{{{ \\" [[[["}', 1)).toBe(false);
  });

  it('stops early on very deep input', () => {
    expect(jsonDepthExceeds('['.repeat(1_000_000), 32)).toBe(true);
  });
});
