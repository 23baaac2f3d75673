import {
  BadRequestException,
  Controller,
  Get,
  Headers,
  Param,
  Res,
} from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiRoute } from '../docs/api-route.decorator';
import { NOT_FOUND, VALIDATED } from '../docs/problem-presets';
import { WorkspaceParamsDto } from '../common/route-params.dto';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { ActivityFeed } from './activity-feed';

/** How long a client waits before reconnecting, as the stream tells it (ms). */
const RETRY_MS = 2000;

function lastEventIdOf(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  if (!/^\s*\d{1,15}\s*$/.test(header)) {
    throw new BadRequestException(
      'Last-Event-ID must be the id of an event this stream sent',
    );
  }
  return Number(header);
}

@ApiTags('timeline')
@Controller('workspaces/:workspaceId')
export class EventsController {
  constructor(
    private readonly feed: ActivityFeed,
    private readonly workspaces: WorkspacesService,
  ) {}

  @Get('events')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description:
      'The `id:` of the last event received: the stream first sends every entry after it.',
    schema: { type: 'string', pattern: '^[0-9]{1,15}$', maxLength: 15 },
  })
  @ApiRoute({
    operationId: 'streamEvents',
    summary: 'Live updates',
    description:
      'Server-sent events: every timeline entry of the workspace as it commits, `id:` its id, ' +
      '`event:` its kind, `data:` the entry as the timeline lists it. Reconnect with ' +
      '`Last-Event-ID` to receive what you missed first. A comment line every ' +
      '`EVENTS_HEARTBEAT_MS` keeps proxies from closing an idle stream. The stream ends ' +
      '(`event: end`, with a reason) when you leave the workspace, your access token expires, ' +
      'you read too slowly, or the server restarts: reconnect, with a fresh token if need be.',
    success: {
      status: 200,
      description: 'The stream (`text/event-stream`).',
      content: {
        'text/event-stream': { schema: { type: 'string', maxLength: 1e9 } },
      },
    },
    problems: {
      ...VALIDATED,
      ...NOT_FOUND.workspace,
      429: 'Over a rate limit, or too many open streams of yours.',
      503: 'Live updates are unavailable on this server right now; retry shortly.',
    },
  })
  async stream(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const after = lastEventIdOf(lastEventId);
    this.feed.admit(user);
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    await this.feed.prepare(workspaceId);

    // From here on the answer is the stream: written straight to the socket.
    reply.hijack();
    const raw = reply.raw;
    // Headers set so far (request id, CORS) go out with the stream's own.
    const set = Object.entries(reply.getHeaders()).filter(
      (pair): pair is [string, string | number | string[]] =>
        pair[1] !== undefined,
    );
    raw.writeHead(200, {
      ...Object.fromEntries(set),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // Proxies (nginx ingress) must pass each event on at once.
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    raw.write(`retry: ${RETRY_MS}\n\n`);
    await this.feed.open(user, workspaceId, after, {
      write: (chunk) => void raw.write(chunk),
      end: () => raw.end(),
      get pending() {
        return raw.writableLength;
      },
      onClose: (listener) => void raw.on('close', listener),
    });
  }
}
