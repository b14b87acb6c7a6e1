import { describe, expect, it } from 'vitest';
import { metricNames } from './promql-names';

describe('metricNames', () => {
  it('finds the series an expression reads, not its functions, labels or keywords', () => {
    expect(metricNames('max by (node) (cni_health_node_verdict{verdict="broken"}) == 1')).toEqual(['cni_health_node_verdict']);
    expect(metricNames('sum by (kind) (rate(cni_health_cache_lists_total[15m]))')).toEqual(['cni_health_cache_lists_total']);
    expect(metricNames('(count(a == 1) / count(b)) > 0.1')).toEqual(['a', 'b']);
    expect(metricNames('absent(up{job="x"})')).toEqual(['up']);
    expect(metricNames('topk(10, min by (node) (x_seconds) > 0) and on (node) y unless z offset 5m')).toEqual(['x_seconds', 'y', 'z']);
    expect(metricNames('foo{a="sum(bar)"} or baz bool')).toEqual(['foo', 'baz']);
  });
});
