import { createBoundedFetch } from './bounded-fetch';

/** A fetch that never answers until its signal aborts. */
const hangingFetch: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () =>
      reject(init.signal?.reason as Error),
    );
  });

describe(createBoundedFetch.name, () => {
  it('aborts a call that outlives the timeout with an AbortError', async () => {
    const bounded = createBoundedFetch(
      30,
      new AbortController().signal,
      hangingFetch,
    );
    const started = Date.now();
    await expect(bounded('http://example.invalid')).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('aborts calls in flight when shutdown aborts', async () => {
    const shutdown = new AbortController();
    const bounded = createBoundedFetch(60_000, shutdown.signal, hangingFetch);
    const call = bounded('http://example.invalid');
    shutdown.abort(new DOMException('stopping', 'AbortError'));
    await expect(call).rejects.toMatchObject({
      name: 'AbortError',
      message: 'stopping',
    });
  });

  it("keeps the caller's own signal working", async () => {
    const caller = new AbortController();
    const bounded = createBoundedFetch(
      60_000,
      new AbortController().signal,
      hangingFetch,
    );
    const call = bounded('http://example.invalid', { signal: caller.signal });
    caller.abort(new DOMException('caller gave up', 'AbortError'));
    await expect(call).rejects.toMatchObject({ message: 'caller gave up' });
  });

  it('passes an answer through and clears its timer', async () => {
    const answer = new Response('ok');
    const bounded = createBoundedFetch(10, new AbortController().signal, () =>
      Promise.resolve(answer),
    );
    await expect(bounded('http://example.invalid')).resolves.toBe(answer);
  });
});
