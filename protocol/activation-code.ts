/**
 * How an activation code is compared, by the authority that checks it and by the voter's browser that
 * keys what it keeps with it: without dashes, spaces or case, as voters type codes from a letter.
 */
export function normaliseActivationCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]+/g, '');
}
