import type { PodModel } from '@/lib/model/pod';

/** Multus runs as a DaemonSet pod; recognise it by owner or image, whatever the install named it. */
export function isMultusPod(pod: PodModel): boolean {
  if (pod.owner?.kind !== 'DaemonSet') return false;
  return pod.owner.name.includes('multus') || pod.containers.some((c) => /multus/i.test(c.image));
}

export function multusPodsByNode(pods: readonly PodModel[]): Map<string, PodModel> {
  const byNode = new Map<string, PodModel>();
  for (const pod of pods) {
    if (pod.nodeName && isMultusPod(pod)) {
      const prev = byNode.get(pod.nodeName);
      // During a rollout two may exist; the newer one is the one that matters.
      if (!prev || pod.createdAt > prev.createdAt) byNode.set(pod.nodeName, pod);
    }
  }
  return byNode;
}
