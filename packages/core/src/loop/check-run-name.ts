import { ConfigurationError } from "../errors/configuration-error.js";

/** Longest run `name`: a title for lists, not a place for content. */
export const MAX_RUN_NAME_CHARS = 200;

/** Refuses a run `name` that is not a short, non-blank, single-line string, before the run starts. */
export function checkRunName(name: unknown): void {
  if (name === undefined) return;
  if (typeof name !== "string" || name.trim() === "") {
    throw new ConfigurationError({ message: "`name` must be a non-empty string." });
  }
  if (name.length > MAX_RUN_NAME_CHARS) {
    throw new ConfigurationError({
      message: `\`name\` has ${name.length} characters; at most ${MAX_RUN_NAME_CHARS} are allowed.`,
    });
  }
  if (/[\r\n]/.test(name)) {
    throw new ConfigurationError({ message: "`name` must be a single line." });
  }
}
