/*
 * Jest's asymmetric matchers, typed as what they are in an expected value: something that matches, of
 * which the test knows nothing more (`unknown`). Jest types them `any`, which would switch off type
 * checking of the object literal they stand in.
 */

/** expect.any(String) */
export const anyString: unknown = expect.any(String);
/** expect.any(Number) */
export const anyNumber: unknown = expect.any(Number);
/** expect.any(Array) */
export const anyArray: unknown = expect.any(Array);

/** expect.stringMatching(pattern) */
export function stringMatching(pattern: string | RegExp): unknown {
  return expect.stringMatching(pattern);
}

/** expect.objectContaining(shape) */
export function objectContaining(shape: object): unknown {
  return expect.objectContaining(shape);
}

/** expect.arrayContaining(items) */
export function arrayContaining(items: readonly unknown[]): unknown {
  return expect.arrayContaining(items);
}
