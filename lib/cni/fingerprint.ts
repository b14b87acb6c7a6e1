/**
 * Config fingerprints: the same CNI setup on two nodes differs only in
 * node-specific values (node name, node and pod IPs and CIDRs, MACs, ENI and
 * instance ids, hashes of those). Normalising those away groups a fleet into
 * a handful of variants; a node outside its group's majority variant has
 * drifted. Values are replaced by placeholders, never dropped, so a value
 * appearing or disappearing still changes the fingerprint.
 */
import { configFiles } from './files';
import { isJsonObject, parseJson, type JsonValue } from './json';
import type { SnapshotFile } from './snapshot';

/** Keys whose value is node-specific by definition, whatever it looks like. */
const NODE_KEYS = /^(node_?name|nodeName|hostname|host_?name|nodeIP|node_?ip|hostIP|podCIDR|pod_?cidr)$/i;

const SUBSTITUTIONS: Array<[RegExp, string]> = [
  [/\b\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}\b/g, '<cidr>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}\b/g, '<ip>'],
  // EC2 private DNS names carry the IP with dashes: ip-10-0-1-17.
  [/\bip-\d{1,3}(?:-\d{1,3}){3}\b/g, '<ip>'],
  [/\b(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}\b/gi, '<mac>'],
  [/(?<![0-9a-z])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:\/\d{1,3})?(?![0-9a-z])/gi, '<ip6>'],
  [/\beni-[0-9a-f]{8,17}\b/g, '<eni>'],
  [/\bi-[0-9a-f]{8,17}\b/g, '<instance>'],
  [/\b[0-9a-f]{16,}\b/gi, '<hash>'],
];

export function normaliseString(value: string, nodeName?: string): string {
  let s = nodeName && nodeName.length > 2 ? value.split(nodeName).join('<node>') : value;
  for (const [re, placeholder] of SUBSTITUTIONS) s = s.replace(re, placeholder);
  return s;
}

/** A normalised copy with sorted keys (plain objects; a `__proto__` key stays data). */
export function normaliseJson(value: JsonValue, nodeName?: string, key?: string): JsonValue {
  if (typeof value === 'string') return key !== undefined && NODE_KEYS.test(key) ? '<node-specific>' : normaliseString(value, nodeName);
  if (Array.isArray(value)) return value.map((v) => normaliseJson(v, nodeName));
  if (isJsonObject(value)) {
    const out: Record<string, JsonValue> = {};
    for (const k of Object.keys(value).sort()) {
      Object.defineProperty(out, k, { value: normaliseJson(value[k]!, nodeName, k), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** 53-bit string hash (cyrb53), hex; stable across runs and platforms. */
export function hashString(str: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

export interface NormalisedFile {
  name: string;
  /** Canonical JSON of the normalised document, or `!<kind>:<hash>` for content that is not JSON. */
  canonical: string;
  json?: JsonValue;
}

export function normaliseFile(file: SnapshotFile, nodeName?: string): NormalisedFile {
  if (file.content === undefined) return { name: file.name, canonical: `!unreadable:${file.sha256 ?? file.error ?? ''}` };
  const parsed = parseJson(file.content);
  if (!parsed.ok) return { name: file.name, canonical: `!${parsed.kind}:${hashString(normaliseString(file.content, nodeName))}` };
  const json = normaliseJson(parsed.value, nodeName);
  return { name: file.name, canonical: JSON.stringify(json), json };
}

/** Fingerprint of a node's config set: file names plus normalised contents, in libcni order. */
export function configFingerprint(files: readonly SnapshotFile[], nodeName?: string): { fingerprint: string; files: NormalisedFile[] } {
  const normalised = configFiles(files).map((f) => normaliseFile(f, nodeName));
  const text = normalised.map((f) => `${f.name}\u0000${f.canonical}`).join('\u0001');
  return { fingerprint: hashString(text), files: normalised };
}
