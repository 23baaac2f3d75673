import { BadRequestException } from '@nestjs/common';
import { LIST_LIMITS, MAX_CURSOR_LENGTH, MAX_PAGE_OFFSET } from './list-limits';
import { CursorQuery, PageQuery } from './list-query.dto';
import { createValidationPipe } from './validation.pipe';
import { TextQuery } from './query-fields';

/** What @nestjs/swagger stores per property (DECORATORS.API_MODEL_PROPERTIES). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

class WidgetsQueryDto extends PageQuery('deals') {
  @TextQuery({ min: 1, max: 10, description: 'A filter of its own.' })
  colour?: string;
}

class EventsQueryDto extends CursorQuery('activities') {}

/** The query as the app's validation pipe hands it to a controller, or the 400's field names. */
async function parse(
  metatype: new () => object,
  query: Record<string, string>,
): Promise<object | string[]> {
  try {
    return (await createValidationPipe().transform(query, {
      type: 'query',
      metatype,
    })) as object;
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    const body = error.getResponse() as { errors: { field: string }[] };
    return body.errors.map((e) => e.field);
  }
}

const documented = (target: object, property: string) =>
  Reflect.getMetadata(API_MODEL_PROPERTIES, target, property) as {
    default?: number;
    maximum?: number;
    maxLength?: number;
  };

describe(PageQuery.name, () => {
  const { default: size, max } = LIST_LIMITS.deals;

  it('takes page, limit and cursor within the list’s bounds, beside the list’s filters', async () => {
    expect(
      await parse(WidgetsQueryDto, {
        page: String(MAX_PAGE_OFFSET + 1),
        limit: String(max),
        colour: 'red',
      }),
    ).toEqual({ page: MAX_PAGE_OFFSET + 1, limit: max, colour: 'red' });
    expect(
      await parse(WidgetsQueryDto, { cursor: 'c'.repeat(MAX_CURSOR_LENGTH) }),
    ).toEqual({ cursor: 'c'.repeat(MAX_CURSOR_LENGTH) });
  });

  it.each([
    ['limit', String(max + 1)],
    ['limit', '0'],
    ['page', '0'],
    ['page', String(MAX_PAGE_OFFSET + 2)],
    ['cursor', 'c'.repeat(MAX_CURSOR_LENGTH + 1)],
    ['cursor', ''],
    ['curser', 'c'],
  ])('refuses %s=%s', async (field, value) => {
    expect(await parse(WidgetsQueryDto, { [field]: value })).toEqual([field]);
  });

  it('documents the list’s default and largest page size', () => {
    expect(documented(WidgetsQueryDto.prototype, 'limit')).toMatchObject({
      default: size,
      maximum: max,
    });
    expect(documented(WidgetsQueryDto.prototype, 'page')).toMatchObject({
      maximum: MAX_PAGE_OFFSET + 1,
    });
  });
});

describe(CursorQuery.name, () => {
  const { default: size, max } = LIST_LIMITS.activities;

  it('takes limit and cursor, and no page', async () => {
    expect(
      await parse(EventsQueryDto, { limit: String(max), cursor: 'c' }),
    ).toEqual({ limit: max, cursor: 'c' });
    expect(await parse(EventsQueryDto, { limit: String(max + 1) })).toEqual([
      'limit',
    ]);
    expect(await parse(EventsQueryDto, { page: '1' })).toEqual(['page']);
  });

  it('documents the list’s default and largest page size, and the cursor’s length', () => {
    expect(documented(EventsQueryDto.prototype, 'limit')).toMatchObject({
      default: size,
      maximum: max,
    });
    expect(documented(EventsQueryDto.prototype, 'cursor')).toMatchObject({
      maxLength: MAX_CURSOR_LENGTH,
    });
  });
});
