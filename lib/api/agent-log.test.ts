import { describe, expect, it } from 'vitest';
import { agentLogQuerySchema, LOG_LINE_CHARS, LOG_TAIL_DEFAULT, LOG_TAIL_MAX, logLines } from './agent-log';

describe('agent log bounds', () => {
  it('asks for the default tail, accepts up to the maximum and refuses anything else', () => {
    expect(agentLogQuerySchema.parse({})).toEqual({ previous: false, tailLines: LOG_TAIL_DEFAULT });
    expect(agentLogQuerySchema.parse({ previous: 'true', tailLines: '20' })).toEqual({ previous: true, tailLines: 20 });
    for (const tailLines of [String(LOG_TAIL_MAX + 1), '0', '-5', '2.5', 'all']) expect(agentLogQuerySchema.safeParse({ tailLines }).success, tailLines).toBe(false);
    expect(agentLogQuerySchema.safeParse({ previous: 'yes' }).success).toBe(false);
  });

  it('keeps the last lines, cuts long ones and says so', () => {
    expect(logLines('a\nb\nc\n', 2)).toEqual({ lines: ['b', 'c'], truncated: true });
    expect(logLines('a\r\nb\n', 5)).toEqual({ lines: ['a', 'b'], truncated: false });
    const long = 'x'.repeat(LOG_LINE_CHARS + 10);
    const cut = logLines(`${long}\nok\n`, 5);
    expect(cut.lines[0]).toBe(`${'x'.repeat(LOG_LINE_CHARS)}… (10 more characters)`);
    expect(cut.truncated).toBe(true);
    expect(logLines('', 5)).toEqual({ lines: [], truncated: false });
  });

  it('reports a text that filled limitBytes as truncated', () => {
    expect(logLines('abcd', 10, 4).truncated).toBe(true);
  });
});
