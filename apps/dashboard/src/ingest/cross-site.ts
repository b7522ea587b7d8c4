/**
 * Whether a browser sent this request for a page of another origin. Without a token the
 * dashboard trusts loopback, so any page the user visits (another site, or another port on
 * this machine) could otherwise make their browser post to it. Browsers mark requests with
 * `Sec-Fetch-Site` and a POST with `Origin`; clients outside a browser send neither and pass.
 */
export function isCrossSite(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") return true;
  const origin = headers.get("origin");
  if (origin === null) return false;
  try {
    // "null" (a sandboxed frame, a file:// page) does not parse and is refused too.
    return new URL(origin).host !== headers.get("host");
  } catch {
    return true;
  }
}
