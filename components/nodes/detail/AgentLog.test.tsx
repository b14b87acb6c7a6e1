import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LogText } from './AgentLog';

describe('agent log text', () => {
  it('shows escape sequences, bidi overrides and other controls as visible markers, never raw', () => {
    const html = renderToString(<LogText view={{ state: 'ok', pod: 'kube-system/aws-node-x', container: 'aws-node', previous: false, truncated: false, tailLines: 100, limitBytes: 65536, lines: ['\u001b[31mred\u001b[0m', 'admin\u202Enimda', 'bell\u0007', '<script>alert(1)</script>'] }} />);
    expect(html).toContain('⟨U+001B⟩[31mred⟨U+001B⟩[0m');
    expect(html).toContain('admin⟨U+202E⟩nimda');
    expect(html).toContain('bell⟨U+0007⟩');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/[\u0000-\u0008\u001b\u202e]/);
  });
});
