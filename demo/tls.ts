/**
 * A self-signed serving certificate for the demo cluster, made at start-up.
 *
 * Why TLS at all: kubectl (client-go's clientcmd) only sends the kubeconfig's
 * credentials when the server URL is https, so a bearer-token API server on
 * plain http is unusable with kubectl. Node can parse but not create X.509
 * certificates, and no new dependency is allowed, so this encodes the few DER
 * structures a certificate needs (RFC 5280) and signs with ECDSA P-256.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, content: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), length(content.length), content]);
const seq = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]): Buffer => tlv(0x31, Buffer.concat(parts));
const bool = (b: boolean): Buffer => tlv(0x01, Buffer.from([b ? 0xff : 0x00]));
const octets = (b: Buffer): Buffer => tlv(0x04, b);
const bits = (b: Buffer, unused = 0): Buffer => tlv(0x03, Buffer.concat([Buffer.from([unused]), b]));
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
const explicit = (n: number, content: Buffer): Buffer => tlv(0xa0 | n, content);
const implicit = (n: number, content: Buffer): Buffer => tlv(0x80 | n, content);

function integer(b: Buffer): Buffer {
  let v = b;
  while (v.length > 1 && v[0] === 0 && ((v[1] ?? 0) & 0x80) === 0) v = v.subarray(1);
  return tlv(0x02, (v[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
}

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk: number[] = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 requires. */
function time(ms: number): Buffer {
  const s = new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return Number(s.slice(0, 4)) < 2050 ? tlv(0x17, Buffer.from(`${s.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${s}Z`));
}

function ipBytes(ip: string): Buffer {
  if (ip.includes(':')) {
    const [head = '', tail = ''] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
    return Buffer.from(groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
  }
  return Buffer.from(ip.split('.').map(Number));
}

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

export interface ServingCert {
  keyPem: string;
  certPem: string;
}

/** A CA-flagged self-signed certificate for `commonName`, valid for the loopback names. */
export function selfSignedCert(commonName: string, ips: string[] = ['127.0.0.1', '::1'], dnsNames: string[] = ['localhost']): ServingCert {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const name = seq(set(seq(oid('2.5.4.3'), utf8(commonName))));
  // Wall-clock validity: TLS clients check it against their own clock, not the demo's.
  const now = Date.now();
  const san = seq(...dnsNames.map((d) => implicit(2, Buffer.from(d))), ...ips.map((ip) => implicit(7, ipBytes(ip))));
  const extensions = seq(
    seq(oid('2.5.29.19'), bool(true), octets(seq(bool(true)))),
    // digitalSignature (bit 0) and keyCertSign (bit 5): 1000 0100, two unused bits.
    seq(oid('2.5.29.15'), bool(true), octets(bits(Buffer.from([0x84]), 2))),
    seq(oid('2.5.29.37'), octets(seq(oid('1.3.6.1.5.5.7.3.1')))),
    seq(oid('2.5.29.14'), octets(octets(createHash('sha1').update(spki).digest()))),
    seq(oid('2.5.29.17'), octets(san)),
  );
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ECDSA_SHA256,
    name,
    seq(time(now - 3_600_000), time(now + 365 * 86_400_000)),
    name,
    spki,
    explicit(3, extensions),
  );
  const cert = seq(tbs, ECDSA_SHA256, bits(sign('sha256', tbs, privateKey)));
  const b64 = cert.toString('base64').match(/.{1,64}/g)?.join('\n') ?? '';
  return {
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certPem: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`,
  };
}
