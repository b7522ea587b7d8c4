import type { LightSpan } from "./run-spans.ts";

/**
 * The spans that decided how long the run took: from the root, repeatedly the child that
 * finished last, then the child that finished last before that one started, and so on
 * (the critical path as Jaeger draws it). Parallel siblings that ended earlier are off it.
 */
export function criticalPath(spans: readonly LightSpan[]): Set<string> {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string, LightSpan[]>();
  const roots: LightSpan[] = [];
  for (const span of spans) {
    if (span.parentSpanId !== null && ids.has(span.parentSpanId)) {
      let list = children.get(span.parentSpanId);
      if (!list) {
        list = [];
        children.set(span.parentSpanId, list);
      }
      list.push(span);
    } else roots.push(span);
  }
  const path = new Set<string>();
  // The run's root is its earliest top-level span; without one (still running) the latest.
  const top = roots.reduce<LightSpan | undefined>(
    (best, span) => (!best || span.endMs > best.endMs ? span : best),
    undefined,
  );
  const stack: LightSpan[] = top ? [top] : [];
  while (stack.length > 0) {
    const span = stack.pop()!;
    path.add(span.spanId);
    const list = [...(children.get(span.spanId) ?? [])].sort((a, b) => b.endMs - a.endMs);
    let cursor = span.endMs;
    for (const child of list) {
      // Small clock skew between a child's end and its parent's is tolerated.
      if (child.endMs <= cursor + 0.001) {
        stack.push(child);
        cursor = child.startMs;
      }
    }
  }
  return path;
}
