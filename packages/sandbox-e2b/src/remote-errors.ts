import { SandboxError } from "@rlm/core";
import { AuthenticationError } from "e2b";
import type { ResolvedE2BSandboxOptions } from "./e2b-sandbox-options.js";

/** The error codes of a connection that never opened. */
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"]);

function causeCode(error: unknown): string | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** An error from the E2B SDK, as a `SandboxError` that says what to change. */
export function toSandboxError(error: unknown, settings: ResolvedE2BSandboxOptions): Error {
  if (SandboxError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof AuthenticationError) {
    const advice =
      "Pass a valid key as the `apiKey` option of e2bSandbox, or set E2B_API_KEY; keys are at https://e2b.dev/dashboard?tab=keys.";
    // The SDK refuses to send a request without a key.
    const refused = settings.apiKey !== undefined || process.env.E2B_API_KEY;
    return new SandboxError({
      message: refused
        ? `E2B answered 401 Unauthorized: the API key was refused (${message}). ${advice}`
        : `No E2B API key was given. ${advice}`,
      cause: error,
    });
  }
  const code = causeCode(error);
  if (code !== undefined && UNREACHABLE.has(code)) {
    const where = settings.apiUrl ?? `https://api.${settings.domain ?? "e2b.app"}`;
    return new SandboxError({
      message: `E2B could not be reached at ${where} (${code}). Check the network, or the \`apiUrl\` / \`sandboxUrl\` / \`domain\` options.`,
      cause: error,
    });
  }
  return new SandboxError({ message: `The E2B sandbox failed: ${message}`, cause: error });
}

/** The template has no Deno where the runner looks for it. */
export function denoMissingError(
  settings: ResolvedE2BSandboxOptions,
  reason: string | undefined,
): SandboxError {
  return new SandboxError({
    message: `Deno was not found in the E2B sandbox (template "${settings.template}", denoPath "${settings.denoPath}"): ${reason}. Use a template that installs Deno 2.x (see the @rlm/sandbox-e2b README) and pass its name as \`template\`, or set \`denoPath\`.`,
  });
}
