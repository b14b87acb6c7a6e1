/**
 * The node rule set, in the order findings of equal severity are listed.
 * Each rule is a pure function of one node's context (lib/health/rules/types.ts).
 */
import { chainIntegrityRule, configFormatRule } from './chain';
import { binariesRule, duplicateNamesRule, leftoverConfigRule, multusBypassedRule } from './config-effective';
import { configLoadRule, configPresenceRule, jsonIssuesRule } from './config-files';
import { driftRule } from './fleet';
import { foreignConfigRule } from './foreign';
import { podNetworkRule } from './pod-network';
import { configReloadRule } from './reload';
import { multusConfigRule, nestedDelegatesRule } from './multus-config';
import { messagesRule, multusPodRule, nodeReadyRule, snapshotRule, stuckPodsRule } from './node-state';
import { snapshotBindingRule } from './snapshot-binding';
import { cniVersionRule } from './version';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [
  nestedDelegatesRule,
  configPresenceRule,
  configLoadRule,
  configFormatRule,
  chainIntegrityRule,
  foreignConfigRule,
  leftoverConfigRule,
  configReloadRule,
  multusConfigRule,
  cniVersionRule,
  binariesRule,
  nodeReadyRule,
  stuckPodsRule,
  messagesRule,
  multusPodRule,
  podNetworkRule,
  duplicateNamesRule,
  jsonIssuesRule,
  driftRule,
  multusBypassedRule,
  snapshotRule,
  snapshotBindingRule,
];

export { SNAPSHOT_STALE_MS, MULTUS_RECENT_MS } from './node-state';
export type { FleetFacts, NodeContext, Rule } from './types';
