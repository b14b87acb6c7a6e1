import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPort, nextPort, portTakenMessage } from './port';

const open: Server[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function occupy(host: string): Promise<number> {
  const server = createServer();
  open.push(server);
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as { port: number }).port)));
}

describe('checkPort', () => {
  it('says a port someone listens on is taken, and where', async () => {
    const port = await occupy('127.0.0.1');
    expect(await checkPort(port)).toEqual({ free: false, host: '127.0.0.1', code: 'EADDRINUSE' });
  });

  it('says a port nobody listens on is free, and leaves it free', async () => {
    const port = await occupy('127.0.0.1');
    await new Promise((r) => open.pop()!.close(r));
    expect(await checkPort(port)).toEqual({ free: true });
    expect(await checkPort(port)).toEqual({ free: true });
  });

  it('counts a listener on any of the hosts', async () => {
    const port = await occupy('127.0.0.1');
    expect(await checkPort(port, ['127.0.0.2', '127.0.0.1'])).toMatchObject({ free: false, host: '127.0.0.1' });
  });
});

describe('portTakenMessage', () => {
  it('names the port and suggests the next one with the command to use it', () => {
    const msg = portTakenMessage(3000, { free: false, host: '127.0.0.1', code: 'EADDRINUSE' }, (p) => `npm run demo -- --port ${p}`);
    expect(msg).toContain('port 3000 on 127.0.0.1 is already in use');
    expect(msg).toContain('npm run demo -- --port 3001');
    expect(nextPort(65535)).toBe(3001);
  });
});
