/**
 * Cuts text to at most about `maxChars`, keeping the head and the tail (errors and final
 * results tend to be at the end) with a marker saying how much was left out.
 */
export function truncateOutput(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const headChars = Math.ceil(maxChars * 0.6);
  const tailChars = maxChars - headChars;
  const omitted = text.length - headChars - tailChars;
  return `${text.slice(0, headChars)}\n[... ${omitted.toLocaleString("en-US")} characters omitted ...]\n${text.slice(text.length - tailChars)}`;
}
