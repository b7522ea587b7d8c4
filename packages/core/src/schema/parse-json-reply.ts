const FENCED = /```(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)\r?\n?```/;

/**
 * A model's JSON reply as a value. Tolerates what models add around JSON when asked for it
 * in the prompt: surrounding whitespace, or the JSON inside a ```json fence.
 */
export function parseJsonReply(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  const trimmed = text.trim();
  const fenced = FENCED.exec(trimmed)?.[1];
  for (const candidate of fenced === undefined ? [trimmed] : [trimmed, fenced.trim()]) {
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch {
      // Try the next reading.
    }
  }
  const shown = trimmed.length > 80 ? `${trimmed.slice(0, 80)}…` : trimmed;
  return {
    ok: false,
    error: `$: the reply is not JSON (it starts ${JSON.stringify(shown)}); reply with only the JSON value`,
  };
}
