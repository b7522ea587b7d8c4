// The few Deno globals the runner uses, declared here rather than taken from `deno types`,
// whose web globals clash with Node's.
declare const Deno: DenoGlobal;

interface DenoGlobal {
  readonly args: string[];
  /** The key of the runtime's core (`Deno[Deno.internal]`), which the worker drops. */
  readonly internal: symbol;
  [internal: symbol]: unknown;
  readonly permissions: { revokeSync(descriptor: { name: "read" }): unknown };
  exit(code?: number): never;
  readFileSync(path: string): Uint8Array<ArrayBuffer>;
  readTextFileSync(path: string): string;
  readFile(path: string): Promise<Uint8Array<ArrayBuffer>>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
}

/** The worker's global error events (Deno's web globals; Node's types lack them). */
declare function addEventListener(
  type: "error" | "unhandledrejection",
  listener: (event: Event) => void,
): void;

/** Base64 on typed arrays (V8 ships them; TypeScript's lib does not declare them yet). */
interface Uint8Array {
  toBase64(): string;
}
interface Uint8ArrayConstructor {
  fromBase64(base64: string): Uint8Array<ArrayBuffer>;
}
