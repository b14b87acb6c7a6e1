/**
 * Multus installed on the node but its config gone: the container runtime
 * uses the primary CNI's config directly, so new pods start without their
 * secondary networks and without any error (lib/health/multus-lifecycle.ts
 * says when this happens and cites Multus's source).
 */
import { hostPath } from '@/lib/cni/multus';
import { hasMultusConfig, multusAbsentWindows } from '../multus-lifecycle';
import { finding, type Rule } from './types';
import type { Evidence } from '../types';

export const multusConfigAbsentRule: Rule = ({ snapshot, config, multusPod }) => {
  const snap = snapshot?.snapshot;
  const eff = config?.effective;
  if (!snap || !eff || hasMultusConfig(snap.files)) return [];
  // Live: a Multus pod runs here. Offline: the bundle has Multus's own sub-directory, or the thick shim's binary.
  const multusDir = snap.probes.find((p) => p.exists && /\/multus\.d\//.test(hostPath(p.path)));
  const shim = snap.binaries?.includes('multus-shim') === true;
  if (!multusPod && !multusDir && !shim) return [];
  const open = multusAbsentWindows(snap).find((w) => w.to === undefined);
  const podReady = multusPod !== undefined && multusPod.phase === 'Running' && multusPod.ready;
  const evidence: Evidence[] = [{ file: eff.name, message: `no Multus config in ${snap.confDir}; the runtime uses ${eff.name}${open ? '; Multus\'s config removed' : ''}`, ...(open ? { at: open.from } : {}) }];
  if (multusPod) evidence.push({ pod: `${multusPod.namespace}/${multusPod.name}`, message: `phase ${multusPod.phase}${multusPod.ready ? ', ready' : ', not ready'}` });
  else if (multusDir) evidence.push({ message: `${multusDir.path} exists` });
  else evidence.push({ message: `multus-shim (Multus thick) is in ${snap.binDir ?? 'the CNI bin directory'}` });
  return [finding({
    ruleId: 'multus-config-absent',
    severity: 'warning',
    title: 'Multus is installed on this node but its config is gone: new pods get the primary network only',
    explanation: `The container runtime uses ${eff.name} directly, so pods created now start without the secondary networks they ask for, and nothing reports an error. The Multus thick daemon deletes its generated config when it stops (and thin Multus does with --cleanup-config-on-exit); until its pod writes it again, this window stays open. ${podReady ? 'The Multus pod is running and ready yet wrote no config: restart it.' : 'Wait for the Multus pod to be ready, then recreate the pods created meanwhile (see pods missing their secondary networks).'}`,
    evidence,
    remediations: podReady ? ['restart-multus-pod'] : [],
  })];
};
