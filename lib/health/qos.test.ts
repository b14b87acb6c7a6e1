import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { notGuaranteedBecause, podQosClass, quantityNano, type ResourcesOf } from './qos';

const c = (name: string, requests: ResourcesOf['requests'] = {}, limits: ResourcesOf['limits'] = {}): ResourcesOf => ({ name, requests, limits });
const g = (cpu: string, memory: string): ResourcesOf['requests'] => ({ cpu, memory });

describe('quantityNano', () => {
  it('reads Kubernetes quantities exactly', () => {
    expect(quantityNano('100m')).toBe(quantityNano('0.1'));
    expect(quantityNano('1')).toBe(1_000_000_000n);
    expect(quantityNano('100Mi')).toBe(100n * 1024n * 1024n * 1_000_000_000n);
    expect(quantityNano('1e3')).toBe(quantityNano('1k'));
    expect(quantityNano('1.5Gi')).toBe(quantityNano('1536Mi'));
    expect(quantityNano('1; rm -rf /')).toBeUndefined();
    expect(quantityNano(undefined)).toBeUndefined();
  });
});

describe('podQosClass (ComputePodQOS)', () => {
  it('classifies the three cases, init containers included', () => {
    expect(podQosClass([c('a')], [c('i')])).toBe('BestEffort');
    expect(podQosClass([c('a', g('100m', '100Mi'), g('100m', '100Mi'))], [])).toBe('Guaranteed');
    expect(podQosClass([c('a', g('100m', '100Mi'), g('100m', '100Mi'))], [c('wait-for-primary-cni')])).toBe('Burstable');
    expect(podQosClass([c('a', { memory: '100Mi' })], [])).toBe('Burstable');
  });

  it('takes a limit without a request as both (API defaulting), and ignores zero quantities', () => {
    expect(podQosClass([c('a', {}, g('100m', '100Mi'))], [])).toBe('Guaranteed');
    expect(podQosClass([c('a', g('100m', '100Mi'), g('100m', '100Mi')), c('b', {}, { cpu: '0', memory: '0' })], [])).toBe('Burstable');
    expect(podQosClass([c('a', { cpu: '0' }, { cpu: '0' })], [])).toBe('BestEffort');
  });

  it('names the container that breaks Guaranteed', () => {
    expect(notGuaranteedBecause(c('wait-for-primary-cni'))).toBe('container wait-for-primary-cni has no cpu limit');
    expect(notGuaranteedBecause(c('m', g('50m', '100Mi'), g('100m', '100Mi')))).toMatch(/cpu request 50m is not its limit 100m/);
    expect(notGuaranteedBecause(c('m', {}, g('100m', '100Mi')))).toBeUndefined();
  });

  const qty = fc.oneof(fc.constantFrom('0', '100m', '0.1', '250m', '1', '64Mi', '100Mi', '1Gi', '2'), fc.nat(4000).map((n) => `${n}m`));
  const resources = fc.record({ cpu: fc.option(qty, { nil: undefined }), memory: fc.option(qty, { nil: undefined }) });
  const container = fc.record({ name: fc.constantFrom('a', 'b', 'c'), requests: resources, limits: resources });

  it('does not depend on the order of containers, nor on which of them are init containers', () => {
    fc.assert(fc.property(fc.array(container, { maxLength: 4 }), fc.array(container, { maxLength: 3 }), (app, init) => {
      const q = podQosClass(app, init);
      expect(podQosClass([...app].reverse(), [...init].reverse())).toBe(q);
      expect(podQosClass([...app, ...init], [])).toBe(q);
    }));
  });

  it('for valid specs (requests never above limits): Guaranteed exactly when no container breaks it', () => {
    const valid = container.filter((x) => (['cpu', 'memory'] as const).every((r) => {
      const req = quantityNano(x.requests[r]);
      const lim = quantityNano(x.limits[r]);
      return req === undefined || lim === undefined || req <= lim;
    }));
    fc.assert(fc.property(fc.array(valid, { minLength: 1, maxLength: 4 }), (all) => {
      const breaks = all.some((x) => notGuaranteedBecause(x) !== undefined);
      expect(podQosClass(all, []) === 'Guaranteed').toBe(!breaks);
    }));
  });
});
