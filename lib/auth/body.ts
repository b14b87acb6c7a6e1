/**
 * Reads a request body without trusting its Content-Length: a chunked body
 * declares no length, and a client may declare a small one and keep sending.
 * Stops reading (and cancels the stream) as soon as the cap is passed, so an
 * oversized body costs at most `cap` bytes of memory.
 */
export type CappedBody = { ok: true; text: string } | { ok: false; reason: 'too-large' | 'unreadable' };

export async function readCappedBody(body: ReadableStream<Uint8Array> | null, cap: number): Promise<CappedBody> {
  if (!body) return { ok: true, text: '' };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > cap) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: 'too-large' };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(all) };
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
}
