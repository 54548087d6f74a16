/**
 * Utilities.base64Decode and Utilities.newBlob, and the Blob they make, as Google's reference
 * describes them:
 * - base64Decode(encoded): "Decodes a base-64 encoded string into a UTF-8 byte array", returning
 *   Byte[] (https://developers.google.cn/apps-script/reference/utilities/utilities.html, the
 *   method table: base64Decode(encoded) Byte[]).
 *   Apps Script's bytes are Java bytes, -128..127, so the fake returns signed numbers: code that
 *   treats them as 0..255 fails here too.
 * - newBlob(data, contentType, name): a Blob of those bytes (same page; its own sentence was not
 *   in the reference corpus). Blob: "A data interchange object for Apps Script services", with
 *   getBytes() "Gets the data stored in this blob", getContentType(), getName()
 *   (https://developers.google.com/apps-script/class_blob).
 * Neither method lists an Authorization section (test/fakes/scopes.ts).
 */
export class FakeBlob {
  constructor(
    private readonly bytes: number[],
    private readonly contentType: string | null,
    private readonly name: string | null,
  ) {}
  getBytes(): number[] {
    return [...this.bytes];
  }
  getContentType(): string | null {
    return this.contentType;
  }
  getName(): string | null {
    return this.name;
  }
  /** Fake only: the bytes as Node sees them (0..255). */
  toBuffer(): Buffer {
    return Buffer.from(this.bytes.map((b) => b & 0xff));
  }
}

export function base64Decode(encoded: string): number[] {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded.replace(/\s/g, ""))) {
    throw new Error("Could not decode string.");
  }
  return [...Buffer.from(encoded, "base64")].map((b) => (b > 127 ? b - 256 : b));
}

export function newBlob(data: number[] | string, contentType?: string, name?: string): FakeBlob {
  const bytes = typeof data === "string" ? [...Buffer.from(data, "utf8")] : data;
  for (const b of bytes) {
    if (!Number.isInteger(b) || b < -128 || b > 255) {
      throw new Error(`Utilities.newBlob: ${b} is not a byte`);
    }
  }
  return new FakeBlob(
    bytes.map((b) => (b > 127 ? b - 256 : b)),
    contentType ?? null,
    name ?? null,
  );
}
