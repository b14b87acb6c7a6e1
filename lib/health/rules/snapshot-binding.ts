/**
 * Snapshots the binding check (lib/cni/snapshot-binding.ts) ignored, shown
 * on the nodes they concern. Only the node a ConfigMap is stored as gets a
 * warning (its own snapshot is unusable); a node merely named by another
 * ConfigMap gets an info finding, so a forged snapshot cannot change the
 * verdict of the node it names.
 */
import { shownName } from '@/lib/cni/snapshot-binding';
import { finding, type Rule } from './types';

export const snapshotBindingRule: Rule = ({ node, ignoredSnapshots }) => (ignoredSnapshots ?? []).map((i) => {
  const own = i.storedAs === node.name;
  return finding({
    ruleId: 'snapshot-ignored',
    severity: own ? 'warning' : 'info',
    title: `Snapshot ignored: ${i.reason}`,
    explanation: own
      ? 'This node\'s snapshot ConfigMap does not agree with itself (name, document, annotation and owner must all name this node), so it is not used: the node\'s CNI files are unknown until its agent publishes a consistent snapshot. An agent only writes its own node\'s snapshot; anything else was written by someone else.'
      : 'A snapshot ConfigMap stored under another name claims to describe this node. It is not used for this node or any other: one node\'s data never speaks for another. Find who wrote it (kubectl get configmap -o yaml shows its managedFields; the API server\'s audit log shows the user).',
    evidence: [{ message: `ConfigMap ${shownName(`${i.namespace}/${i.configMapName}`)}` }],
  });
});
