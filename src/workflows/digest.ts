/**
 * A keyed digest for unit files (split/collect): pure JavaScript, so that it runs the same in
 * Node and in Apps Script. Two cyrb53 hashes with different seeds give 106 bits. It is not a
 * cryptographic MAC: it makes an edited hidden sheet or key evident, and, keyed with a secret
 * the unit file does not hold, it cannot be recomputed from the file alone.
 */
function cyrb53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}

/** A 28-hex-digit digest of `parts` (joined unambiguously). */
export function digest(parts: readonly string[]): string {
  const text = parts.map((p) => `${p.length}:${p}`).join("|");
  return cyrb53(text, 1) + cyrb53(text, 2);
}
