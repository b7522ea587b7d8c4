import { OtlpDecodeError } from "./otlp-decode-error.ts";

const HEX = /^[0-9a-fA-F]+$/;

/**
 * A trace or span id from OTLP/JSON, as lower-case hex. The specification says hex; some
 * senders use protobuf's canonical JSON mapping (base64), so that is accepted too.
 */
export function jsonIdToHex(value: unknown, bytes: number, field: string): string {
  if (typeof value !== "string") throw new OtlpDecodeError(`${field} must be a string.`);
  if (value.length === bytes * 2 && HEX.test(value)) return value.toLowerCase();
  const decoded = Buffer.from(value, "base64");
  if (decoded.length === bytes && decoded.toString("base64") === value) {
    return decoded.toString("hex");
  }
  throw new OtlpDecodeError(`${field} must be ${bytes} bytes of hex, got "${value.slice(0, 40)}".`);
}

/** A span id that may be absent (a root span's parent): empty means none. */
export function optionalJsonIdToHex(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const hex = jsonIdToHex(value, 8, field);
  return hex === "0000000000000000" ? undefined : hex;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** An id OTLP calls invalid (all zero bytes) cannot identify a span: refused. */
export function nonZeroId(hex: string, field: string): string {
  if (/^0+$/.test(hex)) throw new OtlpDecodeError(`${field} must not be all zeros.`);
  return hex;
}
