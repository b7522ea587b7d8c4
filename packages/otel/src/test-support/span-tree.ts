import type { ReadableSpan } from "@opentelemetry/sdk-trace";

export function spanId(span: ReadableSpan): string {
  return span.spanContext().spanId;
}

export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** Children of `parent` (or the trace's roots), in no guaranteed order. */
export function childrenOf(spans: readonly ReadableSpan[], parent?: ReadableSpan): ReadableSpan[] {
  if (!parent) {
    const ids = new Set(spans.map(spanId));
    return spans.filter((span) => {
      const parentId = parentOf(span);
      return parentId === undefined || !ids.has(parentId);
    });
  }
  return spans.filter((span) => parentOf(span) === spanId(parent));
}

/**
 * The tree as indented lines, each `name` plus the chosen attributes; siblings are sorted
 * so that parallel calls, which end in any order, give the same text every time.
 */
export function renderTree(
  spans: readonly ReadableSpan[],
  label: (span: ReadableSpan) => string,
): string[] {
  const render = (span: ReadableSpan, indent: string): string[] => {
    const children = childrenOf(spans, span)
      .map((child) => render(child, `${indent}  `))
      .sort((a, b) => a.join("\n").localeCompare(b.join("\n")));
    return [`${indent}${label(span)}`, ...children.flat()];
  };
  return childrenOf(spans)
    .map((root) => render(root, ""))
    .sort()
    .flat();
}
