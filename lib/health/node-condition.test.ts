import { describe, expect, it } from 'vitest';
import { loadCorpus } from '@/corpus/index';
import { analyzeBundle } from './offline';
import { T0, aSnapshot, healthySnapshot, nestedSnapshot } from '@/lib/testing/models';
import {
  agentDiagnosis, CONDITION_MESSAGE_MAX, conditionFor, conditionPatch, neutralise, nextCondition, nodeLink, reasonOf, type CniConditionWant,
} from './node-condition';
import type { Finding } from './types';

const node = { name: 'n1', uid: 'uid-n1' };
const LINK = 'https://cni-health.example.com/nodes/n1';
const want = (snapshot = healthySnapshot('n1').snapshot!, link?: string): CniConditionWant => {
  const d = agentDiagnosis(node, snapshot, T0);
  return conditionFor(d.verdict, d.findings, link);
};

describe('the CNIHealthy condition an agent computes from its own snapshot', () => {
  it('is True for a healthy config and False, with the main finding as reason, for the self-nested Multus config', () => {
    expect(want()).toEqual({ status: 'True', reason: 'CNIConfigHealthy', message: 'the CNI config on this node passes every check its agent can make' });
    const broken = want(nestedSnapshot('n1').snapshot!, LINK);
    expect(broken.status).toBe('False');
    expect(broken.reason).toBe('MultusNestedDelegates');
    expect(broken.message.endsWith(` ${LINK}`)).toBe(true);
  });

  it('is True but names the warning when the node is only degraded, and Unknown without a verdict', () => {
    const warning: Finding = { ruleId: 'config-leftover', severity: 'warning', title: 'A leftover config', explanation: '', evidence: [], remediations: [] };
    expect(conditionFor('degraded', [warning], undefined)).toEqual({ status: 'True', reason: 'ConfigLeftover', message: 'degraded: A leftover config' });
    expect(conditionFor('unknown', [], undefined).status).toBe('Unknown');
  });

  it('bounds the message, link included, and makes control and bidi characters visible', () => {
    const title = `evil\u202e\nname ${'x'.repeat(5000)}`;
    const f: Finding = { ruleId: 'config-invalid-json', severity: 'error', title, explanation: '', evidence: [], remediations: [] };
    const c = conditionFor('broken', [f], LINK);
    expect([...c.message].length).toBeLessThanOrEqual(CONDITION_MESSAGE_MAX);
    expect(c.message).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(c.message).toContain('\\u{202e}');
    expect(c.message.endsWith(LINK)).toBe(true);
    expect(neutralise('a\u0007b', 10)).toBe('a\\u{7}b');
  });

  it('turns rule ids into CamelCase reasons', () => {
    expect(reasonOf('multus-nested-delegates')).toBe('MultusNestedDelegates');
    expect(reasonOf('ipam-exhausted')).toBe('IpamExhausted');
    expect(reasonOf('0-bad')).toBe('Finding');
  });

  it('links to the node page with the name escaped', () => {
    expect(nodeLink('https://d.example.com/', 'ip-10-0-1-1.ec2.internal')).toBe('https://d.example.com/nodes/ip-10-0-1-1.ec2.internal');
    expect(nodeLink(undefined, 'n1')).toBeUndefined();
  });

  it('never carries a finding the dashboard would not raise for the same files (every corpus case)', () => {
    let broken = 0;
    for (const c of loadCorpus()) {
      const offline = c.node;
      const report = analyzeBundle([{ ...offline, messages: [] }], T0).nodes[0]!;
      const snapshot = aSnapshot(c.id, offline.files, { binaries: offline.binaries, probes: offline.probes ?? [], collectedAt: new Date(T0).toISOString() }).snapshot!;
      const agent = agentDiagnosis({ name: c.id, uid: c.id }, snapshot, T0);
      const dashboard = new Set(report.findings.map((f) => f.ruleId));
      expect(agent.findings.map((f) => f.ruleId).filter((id) => !dashboard.has(id)), c.id).toEqual([]);
      if (agent.verdict === 'broken') broken++;
    }
    // Not vacuous: the config-only cases (nested Multus, missing binaries, foreign configs...) are seen by the agent too.
    expect(broken).toBeGreaterThanOrEqual(15);
  });
});

describe('when the agent writes the condition', () => {
  const heartbeat = 5 * 60_000;
  const t = (min: number): string => new Date(T0 + min * 60_000).toISOString();
  const ok: CniConditionWant = { status: 'True', reason: 'CNIConfigHealthy', message: 'fine' };
  const bad: CniConditionWant = { status: 'False', reason: 'MultusNestedDelegates', message: 'nested' };
  const written = (w: CniConditionWant, transition: number, beat: number) => ({ type: 'CNIHealthy', ...w, lastTransitionTime: t(transition), lastHeartbeatTime: t(beat) });

  it('writes a new condition with both times now', () => {
    expect(nextCondition(undefined, ok, T0, heartbeat)).toEqual({ write: true, why: 'new', condition: written(ok, 0, 0) });
  });

  it('stays quiet while nothing changed and the heartbeat is recent, then beats without moving the transition time', () => {
    const prev = written(ok, -30, -1);
    expect(nextCondition(prev, ok, T0, heartbeat)).toEqual({ write: false });
    expect(nextCondition(prev, ok, T0 + 4 * 60_000, heartbeat)).toEqual({ write: true, why: 'heartbeat', condition: written(ok, -30, 4) });
  });

  it('moves the transition time only when the status changes, not when the reason or message does', () => {
    expect(nextCondition(written(ok, -30, -1), bad, T0, heartbeat)).toEqual({ write: true, why: 'transition', condition: written(bad, 0, 0) });
    const reworded = { ...bad, message: 'nested, and more' };
    expect(nextCondition(written(bad, -30, -1), reworded, T0, heartbeat)).toEqual({ write: true, why: 'changed', condition: written(reworded, -30, 0) });
  });

  it('treats a heartbeat in the future or missing as due', () => {
    expect(nextCondition(written(ok, -30, 60), ok, T0, heartbeat)).toMatchObject({ write: true, why: 'heartbeat' });
    expect(nextCondition({ type: 'CNIHealthy', ...ok, lastTransitionTime: t(-30) }, ok, T0, heartbeat)).toMatchObject({ write: true, why: 'heartbeat' });
  });

  it('patches only status.conditions, by its merge key', () => {
    const c = written(bad, 0, 0);
    expect(conditionPatch(c as never)).toEqual({ status: { conditions: [c] } });
  });
});
