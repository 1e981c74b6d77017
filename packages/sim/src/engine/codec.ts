/**
 * Typed arrays to and from base64 strings, so that checkpoints are plain JSON.
 * Byte order is little-endian on every platform Node supports; the checkpoint
 * format records it implicitly by being produced and read on such platforms.
 */
type Typed = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Uint8Array | Int8Array;

export function encodeTyped(a: Typed): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

function bytes(b64: string, width: number): ArrayBuffer {
  const buf = Buffer.from(b64, "base64");
  if (buf.byteLength % width !== 0)
    throw new Error(`checkpoint array has ${buf.byteLength} bytes, not a multiple of ${width}`);
  // Copy into a fresh, aligned ArrayBuffer.
  const out = new ArrayBuffer(buf.byteLength);
  new Uint8Array(out).set(buf);
  return out;
}

export const decodeFloat64 = (s: string): Float64Array => new Float64Array(bytes(s, 8));
export const decodeFloat32 = (s: string): Float32Array => new Float32Array(bytes(s, 4));
export const decodeInt32 = (s: string): Int32Array => new Int32Array(bytes(s, 4));
export const decodeUint32 = (s: string): Uint32Array => new Uint32Array(bytes(s, 4));
export const decodeInt16 = (s: string): Int16Array => new Int16Array(bytes(s, 2));
export const decodeUint16 = (s: string): Uint16Array => new Uint16Array(bytes(s, 2));
export const decodeUint8 = (s: string): Uint8Array => new Uint8Array(bytes(s, 1));
