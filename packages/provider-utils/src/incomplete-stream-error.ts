/** Thrown when a stream ends without its final event (a cut connection or a proxy). */
export class IncompleteStreamError extends Error {
  constructor(what: string) {
    super(`The stream ended before ${what}.`);
    this.name = "IncompleteStreamError";
  }
}
