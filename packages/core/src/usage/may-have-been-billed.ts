import { ProviderError } from "../errors/provider-error.js";

/**
 * Whether a failed attempt may have been billed. A provider that answered with an error
 * status (429, 5xx, 4xx) refused the request and bills nothing; any other failure (a client
 * deadline, a stream cut or broken midway, an unreadable 2xx body, an abort while the
 * request was out) may have come after the provider did the work, so it is counted as spent.
 */
export function mayHaveBeenBilled(error: unknown): boolean {
  if (ProviderError.isInstance(error) && error.status !== undefined && error.status >= 400) {
    return false;
  }
  return true;
}
