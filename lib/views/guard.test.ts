import { afterEach, describe, expect, it } from 'vitest';
import { setAuthMode } from '@/lib/auth/current';
import { z } from 'zod';
import { guardMutation, MAX_BODY_BYTES } from './guard';

const schema = z.object({ action: z.string() }).strict();
const req = (headers: Record<string, string>, body = '{"action":"x"}'): Request =>
  new Request('http://localhost:3000/api/x', { method: 'POST', headers: { host: 'localhost:3000', ...headers }, body });
const good = { origin: 'http://localhost:3000', 'x-cni-health-action': '1', 'content-type': 'application/json' };

async function status(r: Request): Promise<number | 'ok'> {
  const g = await guardMutation(r, schema);
  return g.ok ? 'ok' : g.response.status;
}

describe('guardMutation', () => {
  it('lets a same-origin JSON request with the header through, parsed', async () => {
    const g = await guardMutation(req(good), schema);
    expect(g.ok && g.body).toEqual({ action: 'x' });
  });

  it.each([
    ['a missing Origin', { ...good, origin: '' }],
    ['a null Origin', { ...good, origin: 'null' }],
    ['a malformed Origin', { ...good, origin: 'http://[' }],
    ['a foreign Origin', { ...good, origin: 'http://evil.example' }],
    ['a look-alike Origin', { ...good, origin: 'http://localhost:3000.evil.example' }],
    ['no custom header', { origin: good.origin, 'content-type': 'application/json' }],
  ])('refuses %s with 403', async (_what, headers) => {
    expect(await status(req(headers as Record<string, string>))).toBe(403);
  });

  it('answers 415 to a body that is not JSON, 413 to a big one, 400 to bad JSON or a bad shape', async () => {
    expect(await status(req({ ...good, 'content-type': 'text/plain' }))).toBe(415);
    expect(await status(req(good, `{"action":"${'x'.repeat(MAX_BODY_BYTES)}"}`))).toBe(413);
    expect(await status(req(good, '{"action":'))).toBe(400);
    expect(await status(req(good, '{"action":"x","extra":1}'))).toBe(400);
  });
});

describe('guardMutation against crafted requests', () => {
  it('does not let a client-sent X-Forwarded-Host stand in for the Host', async () => {
    expect(await status(req({ ...good, origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' }))).toBe(403);
  });

  it('refuses an Origin that is not http(s), and methods other than POST', async () => {
    expect(await status(req({ ...good, origin: 'file://localhost:3000' }))).toBe(403);
    const put = new Request('http://localhost:3000/api/x', { method: 'PUT', headers: { host: 'localhost:3000', ...good }, body: '{}' });
    expect(await status(put)).toBe(405);
  });

  it('answers 413 to a chunked body over the cap without a Content-Length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent++;
        controller.enqueue(chunk);
      },
    });
    const r = new Request('http://localhost:3000/api/x', { method: 'POST', headers: { host: 'localhost:3000', ...good }, body, duplex: 'half' } as RequestInit);
    expect(r.headers.get('content-length')).toBeNull();
    const g = await guardMutation(r, schema);
    expect(g.ok ? 'ok' : g.response.status).toBe(413);
    // Stopped soon after the cap instead of reading forever.
    expect(sent).toBeLessThan(8);
    // The unread rest is still in the connection: it is not reused (a keep-alive client reusing it hung).
    expect(g.ok ? undefined : g.response.headers.get('connection')).toBe('close');
    const declared = await guardMutation(req({ ...good, 'content-length': String(MAX_BODY_BYTES + 1) }, '{}'), schema);
    expect(declared.ok ? undefined : declared.response.headers.get('connection')).toBe('close');
  });

  it('accepts a charset on the JSON content type and refuses look-alikes', async () => {
    expect(await status(req({ ...good, 'content-type': 'application/json; charset=utf-8' }))).toBe('ok');
    expect(await status(req({ ...good, 'content-type': 'application/jsonp' }))).toBe(415);
  });
});

describe('the Origin check compares scheme, host and port', () => {
  afterEach(() => setAuthMode(undefined));

  it('on a loopback dashboard without configured origins, only http://HOST', async () => {
    expect(await status(req({ ...good, origin: 'https://localhost:3000' }))).toBe(403);
    expect(await status(req({ ...good, origin: 'http://localhost:3001' }))).toBe(403);
    expect(await status(req({ ...good, origin: 'http://localhost' }))).toBe(403);
  });

  it('in token mode, one of the configured origins naming the Host the request was sent to', async () => {
    setAuthMode({ name: 'token', origins: ['https://dash.example', 'http://localhost:3000'] });
    const at = (host: string, origin: string): Request => new Request(`http://${host}/api/x`, { method: 'POST', headers: { ...good, host, origin }, body: '{"action":"x"}' });
    expect(await status(at('dash.example', 'https://dash.example'))).toBe('ok');
    expect(await status(at('dash.example:443', 'https://dash.example:443'))).toBe('ok');
    expect(await status(at('dash.example', 'http://dash.example'))).toBe(403);
    expect(await status(at('dash.example', 'https://dash.example:8443'))).toBe(403);
    expect(await status(at('localhost:3000', 'https://dash.example'))).toBe(403);
    expect(await status(at('localhost:3000', 'http://localhost:3000'))).toBe('ok');
    expect(await status(at('other.example', 'https://other.example'))).toBe(403);
  });
});
