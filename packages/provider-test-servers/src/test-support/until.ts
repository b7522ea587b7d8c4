/**
 * Polls `condition` until it holds. The ceiling only catches a hang: a request reaches a
 * server in milliseconds on a quiet machine and in seconds on a busy one.
 */
export async function until(condition: () => boolean, ceilingMs = 60_000): Promise<void> {
  const deadline = performance.now() + ceilingMs;
  while (!condition()) {
    if (performance.now() > deadline) {
      throw new Error(`The condition did not hold within ${ceilingMs / 1000} s.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
