// The framework's own floor on the list path, for bench/layers.mts: Nest on Fastify with one
// route that sends the list call to PostgREST with the caller's token, parses the answer and
// returns it, as the app's handler does, and nothing else (no guards, pipes, logging or
// hooks). Run as its own process: PORT, TARGET_URL (the data API call), APIKEY.
// Decorators are applied by hand: Node runs this file by stripping types, which has no syntax
// for them.
import 'reflect-metadata';
import { Controller, Get, Headers, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { Pool } from 'undici';

const target = new URL(process.env.TARGET_URL ?? '');
const apikey = process.env.APIKEY ?? '';
const pool = new Pool(target.origin, { connections: 128 });

class ListController {
  async list(authorization: string): Promise<unknown> {
    const answer = await pool.request({
      method: 'GET',
      path: target.pathname + target.search,
      headers: { apikey, authorization },
    });
    return JSON.parse(await answer.body.text()) as unknown;
  }

  ready() {
    return { status: 'ok' };
  }
}
Controller()(ListController);
const method = (name: 'list' | 'ready') =>
  [
    ListController.prototype,
    name,
    Object.getOwnPropertyDescriptor(ListController.prototype, name)!,
  ] as const;
Get('api/v1/workspaces/:workspaceId/customers')(...method('list'));
Headers('authorization')(ListController.prototype, 'list', 0);
Get('api/v1/health/database')(...method('ready'));

class BareModule {}
Module({ controllers: [ListController] })(BareModule);

const app = await NestFactory.create<NestFastifyApplication>(
  BareModule,
  new FastifyAdapter(),
  { logger: false },
);
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT), '127.0.0.1');
