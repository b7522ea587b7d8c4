import { describe, expect, it } from "vitest";
import { retryableByHeader } from "./retryable-by-header.js";

const header = (value: string) => new Headers({ "x-should-retry": value });

describe("retryableByHeader", () => {
  it("refuses a retry whenever the header says false", () => {
    expect(retryableByHeader(header("false"), "server")).toBe(false);
    expect(retryableByHeader(header("false"), "rate-limit")).toBe(false);
  });

  it("allows a retry the kind would refuse when the header says true", () => {
    expect(retryableByHeader(header("true"), "invalid-request")).toBe(true);
  });

  it("never makes quota or authentication errors retryable", () => {
    expect(retryableByHeader(header("true"), "quota")).toBeUndefined();
    expect(retryableByHeader(header("true"), "authentication")).toBeUndefined();
  });

  it("leaves the kind's default without the header", () => {
    expect(retryableByHeader(new Headers(), "server")).toBeUndefined();
    expect(retryableByHeader(undefined, "server")).toBeUndefined();
  });
});
