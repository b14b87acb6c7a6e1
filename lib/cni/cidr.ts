/**
 * IPv4 and IPv6 addresses and CIDRs, parsed strictly (no zones, no
 * abbreviations beyond `::`), as BigInt so both families compare alike.
 * Never throws: anything unparseable is undefined.
 */

export interface Cidr { family: 4 | 6; base: bigint; bits: number }

function v4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function v6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]{2,39}$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): string[] => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 ? missing < 1 : missing !== 0) || [...head, ...tail].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  let n = 0n;
  for (const g of [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]) n = (n << 16n) | BigInt(parseInt(g, 16));
  return n;
}

export function parseIp(s: string): { family: 4 | 6; value: bigint } | undefined {
  const a = v4(s);
  if (a !== undefined) return { family: 4, value: a };
  const b = v6(s);
  return b !== undefined ? { family: 6, value: b } : undefined;
}

export function parseCidr(s: string): Cidr | undefined {
  const [addr, len, extra] = s.split('/');
  if (addr === undefined || len === undefined || extra !== undefined || !/^\d{1,3}$/.test(len)) return undefined;
  const ip = parseIp(addr);
  const bits = Number(len);
  if (!ip || bits > (ip.family === 4 ? 32 : 128)) return undefined;
  const width = BigInt(ip.family === 4 ? 32 : 128);
  const mask = ((1n << width) - 1n) ^ ((1n << (width - BigInt(bits))) - 1n);
  return { family: ip.family, base: ip.value & mask, bits };
}

export function cidrContains(c: Cidr, ip: string): boolean {
  const a = parseIp(ip);
  if (!a || a.family !== c.family) return false;
  const width = BigInt(c.family === 4 ? 32 : 128);
  const mask = ((1n << width) - 1n) ^ ((1n << (width - BigInt(c.bits))) - 1n);
  return (a.value & mask) === c.base;
}
