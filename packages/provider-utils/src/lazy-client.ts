import { ProviderError } from "@rlm/core";

/**
 * An SDK client built on first use, so a missing key fails the call (as an `authentication`
 * error core does not retry) rather than the import or the model's construction.
 */
export class LazyClient<Client> {
  readonly #provider: string;
  readonly #create: () => Client;
  #client: Client | undefined;

  constructor(options: { provider: string; create: () => Client }) {
    this.#provider = options.provider;
    this.#create = options.create;
  }

  /** The client if one was built: what error messages are redacted against. */
  get current(): Client | undefined {
    return this.#client;
  }

  get(): Client {
    if (this.#client) return this.#client;
    try {
      this.#client = this.#create();
      return this.#client;
    } catch (error) {
      throw new ProviderError({
        kind: "authentication",
        provider: this.#provider,
        message: `Could not set up the ${this.#provider} client: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
    }
  }
}
