import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import pg from 'pg';
import { postgresConfig } from '../config/postgres.config';
import { CONNECT_TIMEOUT_MS } from './postgres-pool';
import {
  PrivilegedDatabaseRoleError,
  privilegedRoleOf,
  privilegedRoleProblem,
} from './postgres-role';

/** 'off': no DATABASE_URL, allowed in development and test only. */
export type LinkState = 'up' | 'down' | 'off';

/** Who is told about a channel: each notification, and each time the link (re)starts listening. */
export interface ChannelListener {
  notified(payload: string): void;
  /** Notifications may have been missed while the link was down: read what they would have said. */
  listening(): void;
}

const RECONNECT_FIRST_MS = 500;
const RECONNECT_MAX_MS = 10_000;
/** Sent unquoted in LISTEN: plain lower-case identifiers only. */
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The one LISTEN connection of the process, as DATABASE_URL's role: reconnects with backoff when
 * lost, and listens again on every channel. Before listening it checks the role: in staging and
 * production a superuser or a role that bypasses RLS is refused (start-up fails, or the link stays
 * down if the database was unreachable at start-up); elsewhere it is a warning.
 */
@Injectable()
export class PostgresListener {
  private readonly logger = new Logger('Database');
  private readonly channels = new Map<string, ChannelListener>();
  private client: pg.Client | undefined;
  private linkState: LinkState;
  private started = false;
  /** After the first attempt, a refusal is logged rather than thrown. */
  private running = false;
  private stopped = false;
  private refused: PrivilegedDatabaseRoleError | undefined;
  private warned = false;
  private reconnectDelayMs = RECONNECT_FIRST_MS;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    @Inject(postgresConfig.KEY)
    private readonly config: ConfigType<typeof postgresConfig>,
  ) {
    this.linkState = config.url ? 'down' : 'off';
  }

  get state(): LinkState {
    return this.linkState;
  }

  /** Registers a channel; before start (from a constructor), so the first LISTEN includes it. */
  listen(channel: string, listener: ChannelListener): void {
    if (this.started)
      throw new Error(`LISTEN ${channel}: the link has started`);
    if (!CHANNEL_NAME.test(channel))
      throw new Error(`not a plain channel name: ${channel}`);
    this.channels.set(channel, listener);
  }

  /**
   * The first attempt, awaited so health at start-up tells the truth; later ones run in the
   * background. Rejects when the role is refused.
   */
  async start(): Promise<void> {
    this.started = true;
    if (this.linkState === 'off') return;
    await this.connect();
    this.running = true;
    if (this.refused) throw this.refused;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    // Our own end is no lost link.
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.refused) return;
    const client = new pg.Client({
      connectionString: this.config.url,
      application_name: 'crm-events-listen',
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    const lost = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.linkState = 'down';
      this.logger.warn(
        `The LISTEN connection to Postgres is down; reconnecting in ${this.reconnectDelayMs} ms`,
      );
      void client.end().catch(() => undefined);
      this.retry = setTimeout(() => void this.connect(), this.reconnectDelayMs);
      this.retry.unref();
      this.reconnectDelayMs = Math.min(
        this.reconnectDelayMs * 2,
        RECONNECT_MAX_MS,
      );
    };
    this.client = client;
    try {
      client.on('error', lost);
      client.on('end', lost);
      client.on('notification', ({ channel, payload }) => {
        if (payload) this.channels.get(channel)?.notified(payload);
      });
      await client.connect();
      if (!(await this.mayListen(client))) return;
      for (const channel of this.channels.keys())
        await client.query(`listen ${channel}`);
      this.linkState = 'up';
      this.reconnectDelayMs = RECONNECT_FIRST_MS;
      for (const listener of this.channels.values()) listener.listening();
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not LISTEN on Postgres');
      lost();
    }
  }

  /** The role check: false (and the connection closed for good) when the role is refused. */
  private async mayListen(client: pg.Client): Promise<boolean> {
    const privileged = await privilegedRoleOf(client);
    if (!privileged) return true;
    if (!this.config.refusePrivilegedRole) {
      if (!this.warned)
        this.logger.warn(
          `${privilegedRoleProblem(privileged)} Allowed outside staging and production.`,
        );
      this.warned = true;
      return true;
    }
    this.refused = new PrivilegedDatabaseRoleError(privileged);
    this.client = undefined;
    this.linkState = 'down';
    await client.end().catch(() => undefined);
    // At start-up the error stops the process; later, the link stays down and says why.
    if (this.running)
      this.logger.error(
        `The LISTEN link stays down for good: ${this.refused.message}`,
      );
    return false;
  }
}
