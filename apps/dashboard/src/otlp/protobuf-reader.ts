import { OtlpDecodeError } from "./otlp-decode-error.ts";

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const textDecoder = new TextDecoder("utf-8");

/**
 * A reader of the protobuf wire format over one message's bytes. Every read is bounds
 * checked, so a truncated or hostile body ends in `OtlpDecodeError`, never in garbage.
 */
export class ProtobufReader {
  position: number;
  readonly end: number;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.position = start;
    this.end = end;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.position >= this.end;
  }

  /** The next field's number and wire type. */
  tag(): { field: number; wireType: number } {
    const key = this.varint();
    return { field: Math.floor(key / 8), wireType: key & 7 };
  }

  /** An unsigned varint up to 2^53; larger values lose precision, which counters never reach. */
  varint(): number {
    let result = 0;
    let multiplier = 1;
    for (let index = 0; index < 10; index++) {
      if (this.position >= this.end) throw truncated();
      const byte = this.bytes[this.position++]!;
      result += (byte & 0x7f) * multiplier;
      if (byte < 0x80) return result;
      multiplier *= 128;
    }
    throw new OtlpDecodeError("Protobuf varint is longer than 10 bytes.");
  }

  /** A two's complement int64 varint (negative values take ten bytes). */
  int64(): number {
    const value = this.varint();
    return value >= 2 ** 63 ? value - 2 ** 64 : value;
  }

  /** A fixed64 as its two 32-bit halves, low first. */
  fixed64Halves(): [number, number] {
    this.need(8);
    const low = this.view.getUint32(this.position, true);
    const high = this.view.getUint32(this.position + 4, true);
    this.position += 8;
    return [low, high];
  }

  double(): number {
    this.need(8);
    const value = this.view.getFloat64(this.position, true);
    this.position += 8;
    return value;
  }

  /** A length-delimited field's bounds; the caller reads it with a sub-reader. */
  lengthDelimited(): [number, number] {
    const length = this.varint();
    this.need(length);
    const start = this.position;
    this.position += length;
    return [start, this.position];
  }

  sub(): ProtobufReader {
    const [start, end] = this.lengthDelimited();
    return new ProtobufReader(this.bytes, start, end);
  }

  string(): string {
    const [start, end] = this.lengthDelimited();
    return textDecoder.decode(this.bytes.subarray(start, end));
  }

  bytesField(): Uint8Array {
    const [start, end] = this.lengthDelimited();
    return this.bytes.subarray(start, end);
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.need(8);
        this.position += 8;
        return;
      case WIRE_LENGTH_DELIMITED:
        this.lengthDelimited();
        return;
      case WIRE_FIXED32:
        this.need(4);
        this.position += 4;
        return;
      default:
        throw new OtlpDecodeError(`Unsupported protobuf wire type ${wireType}.`);
    }
  }

  /** Throws unless the field has the wire type its schema gives it. */
  expect(wireType: number, expected: number, field: string): void {
    if (wireType !== expected) {
      throw new OtlpDecodeError(`Protobuf field ${field} has wire type ${wireType}.`);
    }
  }

  private need(length: number): void {
    if (this.position + length > this.end) throw truncated();
  }
}

function truncated(): OtlpDecodeError {
  return new OtlpDecodeError("Protobuf message is truncated.");
}

export const WireType = {
  varint: WIRE_VARINT,
  fixed64: WIRE_FIXED64,
  lengthDelimited: WIRE_LENGTH_DELIMITED,
  fixed32: WIRE_FIXED32,
} as const;
