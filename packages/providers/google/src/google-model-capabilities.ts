/**
 * JSON output with a schema (`responseJsonSchema`) is there on every Gemini model since 1.5;
 * Gemini 1.0 and the Gemma models lack it. An id this list does not name is taken to have it.
 */
export function googleSupportsStructuredOutput(modelId: string): boolean {
  return !/^(gemini-1\.0|gemini-pro|gemma)/.test(modelId);
}

/** Every Gemini model since 1.5 takes images; Gemini 1.0 Pro (not its vision model) did not. */
export function googleSupportsImages(modelId: string): boolean {
  return !/^(gemini-1\.0-pro($|-\d)|gemini-pro$)/.test(modelId);
}
