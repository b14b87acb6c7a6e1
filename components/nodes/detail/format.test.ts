import { describe, expect, it } from 'vitest';
import { ago, fileAnchor, formatBytes, formatUtc, plural, shortSha } from './format';

describe('node page formatting', () => {
  it('shows times in UTC, and odd input as is', () => {
    expect(formatUtc('2026-11-03T20:47:58.123Z')).toBe('2026-11-03 20:47:58 UTC');
    expect(formatUtc('2026-11-03T22:47:58+02:00')).toBe('2026-11-03 20:47:58 UTC');
    expect(formatUtc('yesterday')).toBe('yesterday');
    expect(formatUtc(undefined)).toBe('—');
  });

  it('measures "ago" against the view time', () => {
    expect(ago('2026-11-03T20:00:00Z', '2026-11-03T20:40:00Z')).toBe('40 min ago');
    expect(ago('2026-11-03T20:00:30Z', '2026-11-03T20:00:00Z')).toBe('in 30 s');
    expect(ago(undefined, '2026-11-03T20:00:00Z')).toBe('');
  });

  it('shortens hashes, sizes and counts', () => {
    expect(shortSha('a'.repeat(64))).toBe('a'.repeat(12));
    expect(shortSha(undefined)).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KiB');
    expect(plural(1, 'pod')).toBe('1 pod');
    expect(plural(3, 'pod')).toBe('3 pods');
  });

  it('makes file anchors that are safe element ids', () => {
    expect(fileAnchor('00-multus.conf')).toBe('file-00-multus.conf');
    expect(fileAnchor('a b/c')).toBe('file-a_b_c');
  });
});
