/**
 * The node rule set, in the order findings of equal severity are listed.
 * Each rule is a pure function of one node's context (lib/health/rules/types.ts).
 */
import { binariesRule, cniVersionRule, duplicateNamesRule, leftoverConfigRule, multusBypassedRule } from './config-effective';
import { configLoadRule, configPresenceRule, jsonIssuesRule } from './config-files';
import { driftRule } from './fleet';
import { multusConfigRule, nestedDelegatesRule } from './multus-config';
import { messagesRule, multusPodRule, nodeReadyRule, snapshotRule, stuckPodsRule } from './node-state';
import { primaryAgentRule } from './primary-agent';
import { snapshotBindingRule } from './snapshot-binding';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [
  nestedDelegatesRule,
  primaryAgentRule,
  configPresenceRule,
  configLoadRule,
  leftoverConfigRule,
  multusConfigRule,
  cniVersionRule,
  binariesRule,
  nodeReadyRule,
  stuckPodsRule,
  messagesRule,
  multusPodRule,
  duplicateNamesRule,
  jsonIssuesRule,
  driftRule,
  multusBypassedRule,
  snapshotRule,
  snapshotBindingRule,
];

export { SNAPSHOT_STALE_MS, MULTUS_RECENT_MS } from './node-state';
export type { FleetFacts, NodeContext, Rule } from './types';
