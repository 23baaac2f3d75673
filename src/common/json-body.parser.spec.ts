import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import {
  MAX_BODY_ARRAY_ITEMS,
  MAX_BODY_PROPERTIES,
  jsonDepthExceeds,
  jsonWidthProblem,
} from './json-body.parser';

describe(jsonDepthExceeds.name, () => {
  it('counts arrays and objects, nested either way', () => {
    expect(jsonDepthExceeds('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(jsonDepthExceeds('{"a":[{"b":[1]}]}', 3)).toBe(true);
  });

  it('counts siblings once, not as nesting', () => {
    expect(jsonDepthExceeds('[[1],{"a":2},[3],[4],[5]]', 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds('{"name":"[[[[{{{{ \\" [[[["}', 1)).toBe(false);
  });

  it('stops early on very deep input', () => {
    expect(jsonDepthExceeds('['.repeat(1_000_000), 32)).toBe(true);
  });
});

describe(jsonWidthProblem.name, () => {
  const object = (keys: number) =>
    Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, i]));
  const array = (items: number) => Array.from({ length: items }, (_, i) => i);

  it('accepts nulls and scalars anywhere', () => {
    expect(
      jsonWidthProblem({ a: null, b: [null, 1, 'x', true] }),
    ).toBeUndefined();
  });

  it('accepts bodies as wide as the limits', () => {
    expect(
      jsonWidthProblem({
        ...object(MAX_BODY_PROPERTIES - 1),
        tags: array(MAX_BODY_ARRAY_ITEMS),
      }),
    ).toBeUndefined();
  });

  it.each([
    ['too many properties', object(MAX_BODY_PROPERTIES + 1), 'properties'],
    ['too long an array', { tags: array(MAX_BODY_ARRAY_ITEMS + 1) }, 'items'],
    [
      'too wide a nested object',
      { a: [{ b: object(MAX_BODY_PROPERTIES + 1) }] },
      'properties',
    ],
    [
      'too wide an object after a narrow one',
      { a: { x: 1 }, b: [1, { c: object(MAX_BODY_PROPERTIES + 1) }] },
      'properties',
    ],
    [
      'too long an array after a short one',
      [[1], [array(MAX_BODY_ARRAY_ITEMS + 1)]],
      'items',
    ],
  ])('refuses %s', (_case, body, word) => {
    expect(jsonWidthProblem(body)).toContain(word);
  });
});

describe('every DTO of the API', () => {
  // Load every DTO so class-validator knows them all.
  const src = join(__dirname, '..');
  for (const feature of readdirSync(src)) {
    const dtoDir = join(src, feature, 'dto');
    if (!existsSync(dtoDir)) continue;
    for (const file of readdirSync(dtoDir).filter((f) => f.endsWith('.dto.ts')))
      // Every DTO file found, so that a new one cannot be left out of this check.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(join(dtoDir, file));
  }
  type Metadata = {
    propertyName: string;
    name?: string;
    each?: boolean;
    constraints?: unknown[];
  };
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<{ name: string }, Metadata[]>;
  };
  const dtos = [...storage.validationMetadatas.entries()].map(
    ([target, metadatas]) => ({ name: target.name, metadatas }),
  );

  it('fits within the body limits checked before validation', () => {
    expect(dtos.map((dto) => dto.name)).toContain('CreateCustomerDto');
    for (const { name, metadatas } of dtos) {
      const properties = new Set(metadatas.map((m) => m.propertyName));
      expect([name, properties.size <= MAX_BODY_PROPERTIES]).toEqual([
        name,
        true,
      ]);
      // Every array a DTO takes is bounded, and within the parser's bound.
      const arrays = new Set(
        metadatas.filter((m) => m.each).map((m) => m.propertyName),
      );
      for (const property of arrays) {
        const bound = metadatas.find(
          (m) => m.propertyName === property && m.name === 'arrayMaxSize',
        )?.constraints?.[0];
        expect([
          name,
          property,
          typeof bound === 'number' && bound <= MAX_BODY_ARRAY_ITEMS,
        ]).toEqual([name, property, true]);
      }
    }
  });
});
