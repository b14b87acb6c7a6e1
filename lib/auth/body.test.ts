import { describe, expect, it } from 'vitest';
import { readCappedBody } from './body';

function stream(chunks: string[], onPull?: () => void): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      onPull?.();
      if (i < chunks.length) controller.enqueue(enc.encode(chunks[i++]));
      else controller.close();
    },
  });
}

describe('readCappedBody', () => {
  it('returns the text of a body within the cap, across chunks', async () => {
    expect(await readCappedBody(stream(['{"a":', '1}']), 16)).toEqual({ ok: true, text: '{"a":1}' });
    expect(await readCappedBody(null, 16)).toEqual({ ok: true, text: '' });
  });

  it('stops at the cap without reading the rest of an endless body', async () => {
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    expect(await readCappedBody(endless, 4096)).toEqual({ ok: false, reason: 'too-large' });
    expect(pulls).toBeLessThan(10);
  });

  it('refuses bytes that are not UTF-8', async () => {
    const bad = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new Uint8Array([0xff, 0xfe])); c.close(); } });
    expect(await readCappedBody(bad, 16)).toEqual({ ok: false, reason: 'unreadable' });
  });
});
