// Pure-JS 64-bit hash (two independent 32-bit lanes) so ids are identical on Node and Workers
// without node:crypto or async WebCrypto.
function lane(text: string, seed: number, prime: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, prime);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function hash64(text: string): string {
  const a = lane(text, 0x811c9dc5, 0x01000193);
  const b = lane(text, 0x9747b28c, 0x5bd1e995);
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

export function signatureId(template: string): string {
  return `sig_${hash64(template)}`;
}
