import { describe, expect, it } from 'vitest';
import { fileAnchor, formatBytes, plural, shortSha } from './format';

describe('node page formatting', () => {
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
