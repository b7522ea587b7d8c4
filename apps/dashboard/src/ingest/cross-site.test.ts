import { describe, expect, it } from "vitest";
import { isCrossSite } from "./cross-site.ts";

const HOST = "127.0.0.1:4318";

function headers(values: Record<string, string>): Headers {
  return new Headers({ host: HOST, ...values });
}

describe("isCrossSite", () => {
  it("passes the dashboard's own pages and clients outside a browser", () => {
    expect(isCrossSite(headers({}))).toBe(false);
    expect(
      isCrossSite(headers({ "sec-fetch-site": "same-origin", origin: `http://${HOST}` })),
    ).toBe(false);
    expect(isCrossSite(headers({ "sec-fetch-site": "none" }))).toBe(false);
  });

  it("refuses other sites, other ports of this machine and opaque origins", () => {
    expect(isCrossSite(headers({ "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSite(headers({ "sec-fetch-site": "same-site" }))).toBe(true);
    expect(isCrossSite(headers({ origin: "http://127.0.0.1:3000" }))).toBe(true);
    expect(isCrossSite(headers({ origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSite(headers({ origin: "null" }))).toBe(true);
  });
});
