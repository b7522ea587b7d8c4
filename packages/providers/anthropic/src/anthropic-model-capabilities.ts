/**
 * Structured outputs (`output_config.format`) came with Claude Sonnet 4.5, Haiku 4.5 and
 * Opus 4.5; Claude 3.x, Opus 4 and 4.1 and Sonnet 4 lack them. Later models have them, so an
 * id this list does not name is taken to.
 */
export function anthropicSupportsStructuredOutput(modelId: string): boolean {
  return !/^claude-(2|instant|3|(opus|sonnet)-4(-[01])?(-\d{8}|-latest)?$)/.test(modelId);
}

/** Every Claude model since Claude 3 takes images; only Claude 2 and Instant did not. */
export function anthropicSupportsImages(modelId: string): boolean {
  return !/^claude-(2|instant)/.test(modelId);
}
