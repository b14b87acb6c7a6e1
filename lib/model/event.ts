/** Slim projection of a core/v1 Event. Messages are capped; the full text is never needed for matching. */

export const EVENT_MESSAGE_CAP = 2048;

/** Kubelet reasons that mean the pod's network could not be set up. */
export const SANDBOX_FAILURE_REASONS: ReadonlySet<string> = new Set(['FailedCreatePodSandBox', 'NetworkNotReady', 'FailedKillPod']);

/** The reason of cni-health's own audit Events (lib/remediation/audit.ts writes and reads them). */
export const AUDIT_REASON = 'CniHealthRemediation';

export interface InvolvedObject {
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
}

export interface EventModel {
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  type: 'Normal' | 'Warning' | (string & {});
  reason: string;
  message: string;
  involved: InvolvedObject;
  /** Total occurrences, from `count` or `series.count`. */
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** The node that reported it (source.host / reportingInstance), when known. */
  host?: string;
  /** reportingComponent (events.k8s.io: reportingController), when set: whose record it is. */
  reportingController?: string;
  /** cni-health.io/* annotations, kept only on cni-health's own audit events. */
  annotations?: Record<string, string>;
}
