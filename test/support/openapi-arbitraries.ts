// Values for requests built from the served OpenAPI document (fast-check arbitraries), the one
// valid request of each operation, and the check of answers against their documented schemas.
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import type { OpenApiDocument, Schema } from './openapi-document';

/** A query value as a client would send it (anything, even an object, ends up as text). */
export const asText = (v: unknown) =>
  typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined');

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/** Values a schema allows, sometimes at its edges. */
export function validValue(
  schema: Schema,
  doc: OpenApiDocument,
): fc.Arbitrary<unknown> {
  if (schema.$ref)
    return validValue(
      doc.components.schemas[schema.$ref.split('/').pop()!],
      doc,
    );
  if (schema.enum) return fc.constantFrom(...schema.enum);
  // Plain addresses: RFC 5322 allows far more than any CRM (or its validator) accepts.
  if (schema.format === 'email')
    return fc.stringMatching(/^[a-z0-9.]{1,20}@[a-z]{1,12}\.[a-z]{2,6}$/);
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date-time') {
    return fc
      .date({
        min: new Date('2000-01-01'),
        max: new Date('2100-01-01'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  }
  // Calendar dates (YYYY-MM-DD) from the year 1000, as the API documents them.
  if (schema.format === 'date') {
    return fc
      .date({
        min: new Date('1000-01-01T00:00:00Z'),
        max: new Date('9999-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
  }
  switch (schema.type) {
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1000, INT32.min),
        max: Math.min(schema.maximum ?? 1000, INT32.max),
      });
    case 'number': {
      // Whole steps of multipleOf (money: cents), so that every value is an exact decimal;
      // bounds such as 999999999999.99 are beyond fc.integer's 32 bits.
      const scale = Math.round(1 / (schema.multipleOf ?? 0.01));
      const steps = fc
        .bigInt({
          min: BigInt(Math.round((schema.minimum ?? -1000) * scale)),
          max: BigInt(Math.round((schema.maximum ?? 1000) * scale)),
        })
        .map((n) => Number(n) / scale);
      return schema.multipleOf
        ? steps
        : fc.oneof(
            steps,
            fc.double({
              min: schema.minimum ?? -1000,
              max: schema.maximum ?? 1000,
              noNaN: true,
            }),
          );
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.uniqueArray(validValue(schema.items ?? {}, doc), {
        maxLength: schema.maxItems ?? 5,
      });
    case 'object': {
      const props = Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, prop]) => [
          name,
          validValue(prop, doc),
        ]),
      );
      return fc.record(props, { requiredKeys: schema.required ?? [] });
    }
    default: {
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      const minLength = Math.max(1, schema.minLength ?? 0);
      return fc.string({
        minLength,
        maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 60, 60)),
      });
    }
  }
}

/** Mostly valid values, sometimes anything at all (mutations). */
export const value = (schema: Schema, doc: OpenApiDocument) =>
  fc.oneof(
    { arbitrary: validValue(schema, doc), weight: 3 },
    { arbitrary: fc.anything(), weight: 1 },
  );

/**
 * Some of the optional parameters, each one time in three: a client sends few of them, and
 * many together mostly conflict (a page and a cursor, amount_min over amount_max).
 */
export const someOf = (arbitraries: Record<string, fc.Arbitrary<string>>) =>
  fc
    .record(
      Object.fromEntries(
        Object.entries(arbitraries).map(([name, arbitrary]) => [
          name,
          fc.oneof(
            { arbitrary: fc.constant(undefined), weight: 2 },
            { arbitrary, weight: 1 },
          ),
        ]),
      ),
    )
    .map((query) =>
      Object.fromEntries(
        Object.entries(query).filter(([, v]) => v !== undefined),
      ),
    );

/** Header values: mostly valid, sometimes any printable text (a header cannot carry more). */
export const headerValue = (schema: Schema, doc: OpenApiDocument) =>
  fc.oneof(
    { arbitrary: validValue(schema, doc).map(asText), weight: 3 },
    { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
  );

/**
 * `multipleOf` as the API means it (at most so many decimal places): Ajv's float division
 * rejects 0.07 as a multiple of 0.01 (0.07 / 0.01 is 7.000000000000001).
 */
function isMultipleOf(step: number, data: number): boolean {
  const places = Math.round(-Math.log10(step));
  if (places >= 0 && 10 ** -places === step)
    return Number(data.toFixed(places)) === data;
  const steps = data / step;
  return Math.abs(steps - Math.round(steps)) < 1e-9;
}

/** Checks answers against their documented schemas; a schema is compiled once. */
export function answerValidator(doc: OpenApiDocument) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.removeKeyword('multipleOf');
  ajv.addKeyword({
    keyword: 'multipleOf',
    type: 'number',
    schemaType: 'number',
    validate: isMultipleOf,
  });
  const validators = new Map<Schema, ValidateFunction>();
  /** What the answer breaks, or undefined when it matches. */
  return (schema: Schema, answer: unknown): string | undefined => {
    const validate =
      validators.get(schema) ??
      ajv.compile({ ...schema, components: doc.components });
    validators.set(schema, validate);
    return validate(answer) ? undefined : ajv.errorsText(validate.errors);
  };
}

/**
 * The plainest value a schema allows, the same on every run: its example or default, else the
 * first of its enum, else the smallest value of its type. An object gets its required fields and
 * those with an example (an update, none of either: its first field).
 */
export function exampleOf(schema: Schema, doc: OpenApiDocument): unknown {
  if (schema.$ref)
    return exampleOf(
      doc.components.schemas[schema.$ref.split('/').pop()!],
      doc,
    );
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  if (schema.format === 'email') return 'fuzz@example.test';
  if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (schema.format === 'date-time') return '2030-01-01T00:00:00.000Z';
  if (schema.format === 'date') return '2030-01-01';
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      const chosen = properties.filter(
        ([name, prop]) =>
          schema.required?.includes(name) || prop.example !== undefined,
      );
      // An update names at least one field.
      return Object.fromEntries(
        (chosen.length ? chosen : properties.slice(0, 1)).map(
          ([name, prop]) => [name, exampleOf(prop, doc)],
        ),
      );
    }
    default:
      return schema.pattern
        ? fc.sample(fc.stringMatching(new RegExp(schema.pattern)), {
            seed: 1,
            numRuns: 1,
          })[0]
        : 'x'.repeat(Math.max(1, schema.minLength ?? 0));
  }
}
