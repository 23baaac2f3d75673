import { request } from 'undici';

export interface ServerSentEvent {
  id?: string;
  event?: string;
  data?: string;
}

/**
 * A client of the live-update stream: the events as they arrive, parsed as EventSource would,
 * the comment lines counted (heartbeats), and whether the server ended the stream.
 */
export class EventStreamClient {
  readonly events: ServerSentEvent[] = [];
  comments = 0;
  status = 0;
  headers: Record<string, string | string[] | undefined> = {};
  ended = false;
  private buffer = '';
  private readonly abort = new AbortController();

  static async open(
    url: string,
    headers: Record<string, string>,
  ): Promise<EventStreamClient> {
    const client = new EventStreamClient();
    const res = await request(url, { headers, signal: client.abort.signal });
    client.status = res.statusCode;
    client.headers = res.headers;
    res.body.setEncoding('utf8');
    res.body.on('data', (chunk: string) => client.take(chunk));
    res.body.on('end', () => (client.ended = true));
    res.body.on('error', () => (client.ended = true));
    return client;
  }

  /** The entries received (every event but `end`), parsed. */
  entries<T = { id: number; kind: string }>(): T[] {
    return this.events
      .filter((e) => e.event !== 'end' && e.data)
      .map((e) => JSON.parse(e.data!) as T);
  }

  /** Resolves once `predicate` holds, or fails after `timeoutMs`. */
  async until(
    predicate: (client: EventStreamClient) => boolean,
    timeoutMs = 5000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      if (Date.now() > deadline)
        throw new Error(
          `stream condition not met in ${timeoutMs} ms; events: ${JSON.stringify(this.events)}`,
        );
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.abort.abort();
  }

  private take(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event: ServerSentEvent = {};
      let fields = 0;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          this.comments++;
          continue;
        }
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'id' || name === 'event' || name === 'data') {
          event[name] = value;
          fields++;
        }
      }
      if (fields > 0) this.events.push(event);
    }
  }
}
