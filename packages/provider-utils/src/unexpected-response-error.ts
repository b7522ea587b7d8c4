/** Thrown when a successful response is not the object the endpoint returns. */
export class UnexpectedResponseError extends Error {
  constructor(what: string) {
    super(`Expected ${what} in the response body.`);
    this.name = "UnexpectedResponseError";
  }
}
