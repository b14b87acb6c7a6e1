import { describe, expect, it } from 'vitest';
import { nextIndex } from './grid-keys';

describe('nextIndex', () => {
  it('moves by one across and by a row down, clamped to the grid', () => {
    expect(nextIndex('ArrowRight', 0, 10, 4)).toBe(1);
    expect(nextIndex('ArrowDown', 1, 10, 4)).toBe(5);
    expect(nextIndex('ArrowDown', 8, 10, 4)).toBe(9);
    expect(nextIndex('ArrowUp', 2, 10, 4)).toBe(0);
    expect(nextIndex('ArrowLeft', 0, 10, 4)).toBe(0);
    expect(nextIndex('End', 0, 10, 4)).toBe(9);
    expect(nextIndex('a', 0, 10, 4)).toBeUndefined();
  });
});
