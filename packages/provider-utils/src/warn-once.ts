const warned = new Set<string>();

/** Prints a warning the first time `key` is seen in this process, and never again. */
export function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(message);
}
