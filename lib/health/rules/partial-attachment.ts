/**
 * Pods running without the secondary networks they asked for, on this node
 * (lib/health/partial.ts says how they are found).
 */
import { inWindow, multusAbsentWindows } from '../multus-lifecycle';
import { finding, plural, type Rule } from './types';
import type { Evidence } from '../types';

const MAX_EVIDENCE = 20;

export const partialAttachmentRule: Rule = ({ partial, snapshot }) => {
  if (!partial || partial.length === 0) return [];
  const windows = snapshot?.snapshot ? multusAbsentWindows(snapshot.snapshot) : [];
  const owned = partial.filter((p) => p.pod.owner?.controller === true).length;
  const evidence: Evidence[] = partial.slice(0, MAX_EVIDENCE).map((p) => ({
    pod: `${p.pod.namespace}/${p.pod.name}`,
    message: `missing ${p.missing.map((m) => (m.interface ? `${m.name} (${m.interface})` : m.name)).join(', ')}${p.pod.networks?.attached ? '' : '; no network-status: Multus did not set this pod up'}${inWindow(windows, p.startedAt) ? '; started while Multus\'s config was absent from the node' : ''}; started`,
    at: p.startedAt,
  }));
  if (partial.length > MAX_EVIDENCE) evidence.push({ message: `and ${partial.length - MAX_EVIDENCE} more pods` });
  return [finding({
    ruleId: 'pod-networks-missing',
    severity: 'warning',
    title: `${plural(partial.length, 'pod')} running without the secondary networks they asked for`,
    explanation: `These pods list networks in k8s.v1.cni.cncf.io/networks, but their k8s.v1.cni.cncf.io/network-status lacks them: they run on the primary network only, and their secondary interfaces will not appear on their own (CNI ADD runs once per sandbox). Typical after a node reboot or a Multus restart, when the runtime used the primary CNI config while Multus's was absent. Recreate them once Multus's config is in effect (${owned} of ${partial.length} have a controller that recreates them; bare pods must be recreated by hand).`,
    evidence,
    remediations: ['recreate-partially-attached-pods'],
  })];
};
