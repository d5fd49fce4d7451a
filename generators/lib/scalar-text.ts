/**
 * The text of a scalar read from a file we did not write (YAML, JSON, .yo-rc.json): a string as it is, a number or
 * boolean as written; anything else (an object, a list, null) is not a value of the field, so `absent` is used.
 */
export function scalarText(value: unknown, absent = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return absent;
}
