/**
 * A strict double of a class for unit specs: every method is a jest.fn that throws
 * "not mocked: Class.method" until the spec gives it an answer, so a call the spec did not
 * expect fails loudly instead of returning undefined. Used by specs only; the build leaves
 * src/testing/ out.
 */
export function automock<T extends object>(
  Class: abstract new (...args: never[]) => T,
): jest.Mocked<T> {
  const mock: Record<string, jest.Mock> = {};
  let prototype: unknown = Class.prototype;
  while (prototype && prototype !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
      if (
        name === 'constructor' ||
        name in mock ||
        typeof descriptor?.value !== 'function'
      )
        continue;
      mock[name] = jest.fn(() => {
        throw new Error(`not mocked: ${Class.name}.${name}`);
      });
    }
    prototype = Object.getPrototypeOf(prototype);
  }
  return mock as unknown as jest.Mocked<T>;
}
