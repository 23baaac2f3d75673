import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { LRUCache } from 'lru-cache';
import { supabaseConfig } from '../config/supabase.config';
import type { Database } from './database.types';
import { SupabaseTransport } from './supabase-transport';

export type Supabase = SupabaseClient<Database>;

/**
 * The only Supabase clients features get: each acts as the user whose access token it carries,
 * so PostgREST checks the token and Postgres applies RLS. It cannot make a secret-key client.
 */
@Injectable()
export class SupabaseClientFactory {
  // Building a client costs more than the query it sends; a user's next request reuses it.
  private readonly userClients = new LRUCache<string, Supabase>({
    max: 1_000,
    ttl: 5 * 60_000,
  });

  constructor(
    @Inject(supabaseConfig.KEY)
    private readonly config: ConfigType<typeof supabaseConfig>,
    private readonly transport: SupabaseTransport,
  ) {}

  /** The `accessToken` option builds no auth client, so nothing outlives the request. */
  forUser(accessToken: string): Supabase {
    let client = this.userClients.get(accessToken);
    if (!client) {
      client = createClient<Database>(this.config.url, this.config.publicKey, {
        accessToken: () => Promise.resolve(accessToken),
        ...this.transport.clientOptions(),
      });
      this.userClients.set(accessToken, client);
    }
    return client;
  }
}
