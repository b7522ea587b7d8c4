import { timingSafeEqual } from "node:crypto";

/**
 * Whether a request may write: always when no token is configured (the server then only
 * listens on loopback, which the server's launcher, `scripts/serve.ts`, enforces), else only with
 * `Authorization: Bearer <RLM_DASHBOARD_TOKEN>`, the header exporters send through
 * `OTEL_EXPORTER_OTLP_HEADERS`.
 */
export function isIngestAuthorized(authorization: string | null): boolean {
  const token = process.env.RLM_DASHBOARD_TOKEN;
  if (!token) return true;
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? "");
  if (!match) return false;
  const given = Buffer.from(match[1]!.trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
