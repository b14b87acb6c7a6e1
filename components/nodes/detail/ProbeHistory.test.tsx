import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ProbeHistoryView } from '@/lib/api/probe-history';
import { ProbeHistory } from './ProbeHistory';

const NOW = '2026-12-06T10:10:00Z';

describe('ProbeHistory', () => {
  it("lists each check's changes with their times, the peers' side first, and names neutralised", () => {
    const view: ProbeHistoryView = {
      own: [{ kind: 'dns', transitions: [{ at: '2026-12-06T10:00:00Z', ok: true, loss: 0, latencyMs: 2 }] }],
      asTarget: [{
        kind: 'from-peer', peer: 'node-\u202eb',
        transitions: [{ at: '2026-12-06T10:05:00Z', ok: true, loss: 0 }, { at: '2026-12-06T10:02:00Z', ok: false, loss: 1, error: 'i/o timeout\u001b[2J' }],
      }],
    };
    const html = renderToString(<ProbeHistory view={view} now={NOW} />);
    expect(html.indexOf('history-as-target')).toBeLessThan(html.indexOf('history-own'));
    expect(html).toContain('node-⟨U+202E⟩b');
    expect(html).not.toContain('\u202e');
    expect(html).toContain('i/o timeout⟨U+001B⟩[2J');
    expect(html).toMatch(/datetime="2026-12-06T10:02:00Z"/i);
    expect(html.match(/data-testid="history-transition"/g)).toHaveLength(3);
    expect(html).toContain('100% lost');
  });

  it('is open when it lists a failure, folded when every check only ever answered', () => {
    const answered: ProbeHistoryView = { own: [{ kind: 'dns', transitions: [{ at: '2026-12-06T10:00:00Z', ok: true, loss: 0 }] }], asTarget: [] };
    expect(renderToString(<ProbeHistory view={answered} now={NOW} />)).not.toMatch(/<details[^>]* open/);
    const failed: ProbeHistoryView = { own: [], asTarget: [{ kind: 'from-peer', peer: 'b', transitions: [{ at: '2026-12-06T10:00:00Z', ok: false, loss: 1 }] }] };
    expect(renderToString(<ProbeHistory view={failed} now={NOW} />)).toMatch(/<details[^>]* open/);
  });

  it('draws nothing without history (older probers publish none)', () => {
    expect(renderToString(<ProbeHistory view={{ own: [], asTarget: [] }} now={NOW} />)).toBe('');
    expect(renderToString(<ProbeHistory now={NOW} />)).toBe('');
  });
});
