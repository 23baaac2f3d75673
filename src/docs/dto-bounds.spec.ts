import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';

/** What @nestjs/swagger stores per property (DECORATORS.API_MODEL_PROPERTIES). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

interface Documented {
  type?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  items?: {
    minLength?: number;
    maxLength?: number;
    format?: string;
    pattern?: string;
  };
}

interface Validated {
  propertyName: string;
  name?: string;
  each?: boolean;
  constraints?: unknown[];
}

// Every DTO file (each feature's dto/, and the shared ones in common/), so that a new one
// cannot be left out.
const src = join(__dirname, '..');
const dtoDirs = [
  join(src, 'common'),
  ...readdirSync(src).map((feature) => join(src, feature, 'dto')),
];
for (const dtoDir of dtoDirs.filter((dir) => existsSync(dir))) {
  for (const file of readdirSync(dtoDir).filter((f) => f.endsWith('.dto.ts')))
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(join(dtoDir, file));
}

const storage = getMetadataStorage() as unknown as {
  validationMetadatas: Map<{ name: string; prototype: object }, Validated[]>;
};
const properties = [...storage.validationMetadatas.entries()].flatMap(
  ([target, metadatas]) =>
    [...new Set(metadatas.map((m) => m.propertyName))].map((property) => ({
      where: `${target.name}.${property}`,
      validated: metadatas.filter((m) => m.propertyName === property),
      documented: (Reflect.getMetadata(
        API_MODEL_PROPERTIES,
        target.prototype,
        property,
      ) ?? {}) as Documented,
    })),
);

const DATE_PATTERN = String.raw`^[1-9]\d{3}-\d{2}-\d{2}$`;

/** The bounds a property's validators put on it, in OpenAPI's words. */
function validatedBounds(validated: Validated[]): Documented {
  const bounds: Documented = {};
  for (const { name, each, constraints = [] } of validated) {
    const [a, b] = constraints as [number, number];
    if (name === 'isLength' && each)
      bounds.items = { ...bounds.items, minLength: a, maxLength: b };
    else if (name === 'isLength')
      Object.assign(bounds, { minLength: a, maxLength: b });
    else if (name === 'maxLength') bounds.maxLength = a;
    else if (name === 'arrayMaxSize') bounds.maxItems = a;
    else if (name === 'min') bounds.minimum = a;
    else if (name === 'max') bounds.maximum = a;
    else if (name === 'isIn' && !each)
      bounds.enum = constraints[0] as unknown[];
    else if (name === 'matches' && each)
      bounds.items = {
        ...bounds.items,
        pattern: (constraints[0] as RegExp).source,
      };
    else if (name === 'matches')
      bounds.pattern = (constraints[0] as RegExp).source;
    else if (name === 'isUuid' && each)
      bounds.items = { ...bounds.items, format: 'uuid' };
    else if (name === 'isUuid') bounds.format = 'uuid';
    else if (name === 'isEmail') bounds.format = 'email';
    else if (name === 'isIso8601') bounds.format = 'date-time';
  }
  // An ISO 8601 value held to YYYY-MM-DD is a date.
  if (bounds.format === 'date-time' && bounds.pattern === DATE_PATTERN)
    bounds.format = 'date';
  return bounds;
}

describe('the OpenAPI document and validation', () => {
  it('finds the DTOs', () => {
    expect(properties.map((p) => p.where)).toEqual(
      expect.arrayContaining([
        'CreateCustomerDto.name',
        'ListCustomersQueryDto.q',
      ]),
    );
  });

  it.each(properties.map((p) => [p.where, p] as const))(
    '%s is documented exactly as it is validated',
    (_where, { validated, documented }) => {
      const bounds = validatedBounds(validated);
      const { items, ...flat } = bounds;
      expect(documented).toMatchObject(flat);
      if (items) expect(documented.items).toMatchObject(items);
    },
  );

  it.each(properties.map((p) => [p.where, p] as const))(
    '%s is bounded (length, pattern, enum, items or range)',
    (_where, { documented }) => {
      const bounded =
        documented.enum !== undefined ||
        documented.type === Boolean ||
        documented.format === 'uuid' ||
        (documented.maxLength !== undefined &&
          (documented.type !== 'array' || documented.maxItems !== undefined)) ||
        (documented.maxItems !== undefined &&
          documented.items?.maxLength !== undefined) ||
        (documented.minimum !== undefined && documented.maximum !== undefined);
      expect(bounded).toBe(true);
    },
  );
});
