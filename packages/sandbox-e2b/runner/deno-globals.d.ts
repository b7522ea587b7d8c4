// The Deno globals the stdio channel uses, declared here rather than taken from `deno types`,
// whose web globals clash with Node's.
declare const Deno: {
  readonly stdin: { readonly readable: AsyncIterable<Uint8Array> };
  readonly stdout: { writeSync(data: Uint8Array): number };
};
