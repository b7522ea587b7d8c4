/**
 * Cuts text to at most about `maxChars`, keeping the head and the tail (errors and final
 * results tend to be at the end) with a marker saying how much was left out.
 */
export function truncateOutput(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const headChars = Math.ceil(maxChars * 0.6);
  const tailChars = maxChars - headChars;
  const omitted = text.length - headChars - tailChars;
  return detachedCopy(
    `${text.slice(0, headChars)}\n[... ${omitted.toLocaleString("en-US")} characters omitted ...]\n${text.slice(text.length - tailChars)}`,
  );
}

/**
 * A copy of `text` that holds only its own characters. JavaScript engines make a slice or a
 * concatenation a view onto its source (V8's sliced and cons strings), so a short head and
 * tail kept in an event or a conversation would keep the whole megabyte prompt or output
 * they were cut from alive. A serialisation round trip builds a flat new string.
 */
function detachedCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
