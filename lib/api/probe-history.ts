/** A node's probe history as the node page shows it: one entry per check, each with its state changes. */

export interface ProbeTransitionView {
  /** When the check entered this state. */
  at: string;
  ok: boolean;
  /** Share of attempts without an answer in the round of the change, 0..1. */
  loss: number;
  latencyMs?: number;
  error?: string;
}

/** `to-peer`: this node probing `peer`; `from-peer`: `peer` probing this node (from `peer`'s report). */
export type ProbeCheckKindView = 'dns' | 'kubernetesService' | 'to-peer' | 'from-peer';

export interface ProbeCheckHistoryView {
  kind: ProbeCheckKindView;
  peer?: string;
  /** Newest first. */
  transitions: ProbeTransitionView[];
}

export interface ProbeHistoryView {
  /** This node's own checks: DNS, the API Service, the peers it probes. */
  own: ProbeCheckHistoryView[];
  /** Its peers' checks of it, each from that peer's own report. */
  asTarget: ProbeCheckHistoryView[];
}
