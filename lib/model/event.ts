/** Slim projection of a core/v1 Event. Messages are capped; the full text is never needed for matching. */

export const EVENT_MESSAGE_CAP = 2048;

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
