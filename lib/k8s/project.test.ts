import { describe, expect, it } from 'vitest';
import { ignoredEvents, projectEvent, projectPod } from './project';

const event = (over: Record<string, unknown>) => ({
  metadata: { name: 'e1', namespace: 'default', resourceVersion: '1', uid: 'u' },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1' },
  type: 'Normal',
  reason: 'Scheduled',
  message: 'Successfully assigned default/web-1 to node-a',
  ...over,
});

describe('projectEvent', () => {
  it('keeps sandbox failures, audit records and warnings about pods and nodes; counts the rest', () => {
    const before = ignoredEvents();
    expect(projectEvent(event({ type: 'Warning', reason: 'FailedCreatePodSandBox' }))?.reason).toBe('FailedCreatePodSandBox');
    expect(projectEvent(event({ reason: 'CniHealthRemediation', involvedObject: { kind: 'Node', name: 'node-a' } }))).toBeDefined();
    expect(projectEvent(event({ type: 'Warning', reason: 'BackOff' }))).toBeDefined();
    expect(projectEvent(event({ type: 'Warning', reason: 'Rebooted', involvedObject: { kind: 'Node', name: 'node-a' } }))).toBeDefined();
    expect(projectEvent(event({}))).toBeUndefined();
    expect(projectEvent(event({ reason: 'Pulled' }))).toBeUndefined();
    expect(projectEvent(event({ type: 'Warning', reason: 'FailedScheduling', involvedObject: { kind: 'Deployment', name: 'web' } }))).toBeUndefined();
    expect(ignoredEvents() - before).toBe(3);
  });
});

describe('projectPod', () => {
  it('shares one copy of repeated strings between pods', () => {
    const pod = (name: string) => JSON.parse(JSON.stringify({
      metadata: { name, namespace: 'kube-system-with-a-long-name', uid: name },
      spec: { nodeName: 'ip-10-64-1-1.eu-west-1.compute.internal', containers: [{ name: 'app', image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/app:v1' }] },
      status: { phase: 'Running' },
    })) as unknown;
    const a = projectPod(pod('a'))!;
    const b = projectPod(pod('b'))!;
    expect(b.nodeName).toBe(a.nodeName);
    expect(b.containers[0]!.image).toBe(a.containers[0]!.image);
    expect(b.namespace).toBe('kube-system-with-a-long-name');
  });
});
