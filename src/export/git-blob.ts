// Git's blob id for a text, computed locally (WebCrypto, so it also runs on Workers): comparing it
// with the ids in the upstream tree tells which files changed without downloading them.
export async function gitBlobSha(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const header = new TextEncoder().encode(`blob ${bytes.length}\0`);
  const whole = new Uint8Array(header.length + bytes.length);
  whole.set(header);
  whole.set(bytes, header.length);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-1", whole));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}
