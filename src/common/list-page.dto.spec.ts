import { Controller, Get } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  ApiOkResponse,
  ApiProperty,
  DocumentBuilder,
  SwaggerModule,
} from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { LIST_LIMITS, MAX_CURSOR_LENGTH, MAX_PAGE_OFFSET } from './list-limits';
import { ListPageDto } from './list-page.dto';

class WidgetDto {
  @ApiProperty() id!: string;
}
class WidgetPageDto extends ListPageDto(WidgetDto, 'deals') {}

class EventDto {
  @ApiProperty() id!: string;
}
class EventPageDto extends ListPageDto(EventDto, 'column') {}

@Controller()
class ListsController {
  @Get('widgets')
  @ApiOkResponse({ type: WidgetPageDto })
  widgets() {}

  @Get('events')
  @ApiOkResponse({ type: EventPageDto })
  events() {}
}

type Schema = {
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
};

describe(ListPageDto.name, () => {
  let schemas: Record<string, Schema>;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [ListsController],
    }).compile();
    const app = moduleRef.createNestApplication(new FastifyAdapter());
    await app.init();
    const doc = SwaggerModule.createDocument(
      app,
      new DocumentBuilder().build(),
    );
    schemas = doc.components!.schemas as Record<string, Schema>;
    await app.close();
  });

  it('names the page and its metas after the row', () => {
    expect(Object.keys(schemas).sort()).toEqual(
      [
        'EventCursorMetaDto',
        'EventDto',
        'EventPageDto',
        'WidgetCursorMetaDto',
        'WidgetDto',
        'WidgetPageDto',
        'WidgetPageMetaDto',
      ].sort(),
    );
  });

  it('gives a page list the meta of page mode or of cursor mode, with the total in page mode', () => {
    const { data, meta } = schemas.WidgetPageDto.properties;
    expect(data).toMatchObject({
      type: 'array',
      maxItems: LIST_LIMITS.deals.max,
      items: { $ref: '#/components/schemas/WidgetDto' },
    });
    expect(meta.anyOf).toEqual([
      { $ref: '#/components/schemas/WidgetPageMetaDto' },
      { $ref: '#/components/schemas/WidgetCursorMetaDto' },
    ]);
    const pageMeta = schemas.WidgetPageMetaDto;
    expect(pageMeta.required?.sort()).toEqual(
      ['limit', 'next_cursor', 'page', 'total', 'total_exact'].sort(),
    );
    expect(pageMeta.properties.page).toMatchObject({
      maximum: MAX_PAGE_OFFSET + 1,
    });
    expect(pageMeta.properties.limit).toMatchObject({
      maximum: LIST_LIMITS.deals.max,
    });
  });

  it('gives a cursor list the meta of cursor mode alone, sized by its line', () => {
    const { data, meta } = schemas.EventPageDto.properties;
    expect(data).toMatchObject({ maxItems: LIST_LIMITS.column.max });
    expect(meta).toEqual({
      $ref: '#/components/schemas/EventCursorMetaDto',
    });
    const cursorMeta = schemas.EventCursorMetaDto;
    expect(cursorMeta.required?.sort()).toEqual(['limit', 'next_cursor']);
    expect(cursorMeta.properties.limit).toMatchObject({
      maximum: LIST_LIMITS.column.max,
    });
    expect(cursorMeta.properties.next_cursor).toMatchObject({
      nullable: true,
      maxLength: MAX_CURSOR_LENGTH,
    });
  });
});
