/**
 * A fetch whose every call ends within `timeoutMs`, and at once when `shutdown` aborts.
 * The timeout aborts with an AbortError (not a TimeoutError) so no client library mistakes it
 * for a transient network failure worth retrying.
 */
export function createBoundedFetch(
  timeoutMs: number,
  shutdown: AbortSignal,
  baseFetch: typeof fetch,
): typeof fetch {
  return async (input, init) => {
    const timeout = new AbortController();
    const timer = setTimeout(
      () =>
        timeout.abort(
          new DOMException(`no answer within ${timeoutMs} ms`, 'AbortError'),
        ),
      timeoutMs,
    );
    const signals = [timeout.signal, shutdown];
    if (init?.signal) signals.push(init.signal);
    try {
      return await baseFetch(input, {
        ...init,
        signal: AbortSignal.any(signals),
      });
    } finally {
      clearTimeout(timer);
    }
  };
}
