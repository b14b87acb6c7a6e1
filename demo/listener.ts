/**
 * One port, two protocols: HTTPS for kubeconfig users (kubectl, client-node)
 * and plain HTTP for tests and scripts that use the `url` with fetch. The
 * first byte of a connection decides: 0x16 opens a TLS handshake.
 */
import { createServer as createHttp, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { createServer as createTcp, type AddressInfo, type Socket } from 'node:net';
import type { ServingCert } from './tls';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const TLS_HANDSHAKE = 0x16;

export class DualListener {
  private readonly tcp;
  private readonly sockets = new Set<Socket>();

  constructor(handler: Handler, cert: ServingCert) {
    const http = createHttp(handler);
    const https = createHttps({ key: cert.keyPem, cert: cert.certPem }, handler);
    const route = (socket: Socket): void => {
      const first = socket.read(1) as Buffer | null;
      if (first === null) {
        socket.once('readable', () => route(socket));
        return;
      }
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE ? https : http).emit('connection', socket);
    };
    this.tcp = createTcp({ pauseOnConnect: false }, (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      route(socket);
    });
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error): void => reject(e);
      this.tcp.once('error', onError);
      this.tcp.listen(port, host, () => {
        this.tcp.off('error', onError);
        resolve((this.tcp.address() as AddressInfo).port);
      });
    });
  }

  /** Stops accepting and cuts every connection, idle keep-alives included. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.tcp.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }
}
