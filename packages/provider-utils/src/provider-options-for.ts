/** A plain object: not `null`, not an array. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `providerOptions[name]` of a request when it is an object, else nothing: request options
 * come from callers' code and config files, so a stray value is ignored rather than spread.
 */
export function providerOptionsFor<T extends object>(
  providerOptions: Record<string, unknown> | undefined,
  name: string,
): Partial<T> {
  const own = providerOptions?.[name];
  return isObject(own) ? (own as Partial<T>) : {};
}
