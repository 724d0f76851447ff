const encoder = new TextEncoder();

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) return null;
  const bytes = new Uint8Array(new ArrayBuffer(hex.length / 2));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

// Imported keys per secret and use: importing costs about as much as verifying a webhook's body.
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string, use: "sign" | "verify"): Promise<CryptoKey> {
  const id = `${use}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      use,
    ]);
    // A handful of secrets per process (Slack, GitHub, tests): bounded anyway.
    if (keys.size >= 16) keys.clear();
    keys.set(id, key);
  }
  return key;
}

/**
 * True when `hexSignature` is the HMAC-SHA256 of `message` under `secret`. WebCrypto's verify
 * compares in constant time and runs on Node and Workers alike.
 */
export async function verifyHmacSha256(
  secret: string,
  message: string,
  hexSignature: string,
): Promise<boolean> {
  const signature = hexToBytes(hexSignature);
  if (!signature) return false;
  const key = await hmacKey(secret, "verify");
  return crypto.subtle.verify("HMAC", key, signature, encoder.encode(message));
}

export async function signHmacSha256(secret: string, message: string): Promise<string> {
  const key = await hmacKey(secret, "sign");
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
}
