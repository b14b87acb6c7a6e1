/**
 * The node rule set, in the order findings of equal severity are listed.
 * Each rule is a pure function of one node's context (lib/health/rules/types.ts).
 */
import { chainIntegrityRule, configFormatRule } from './chain';
import { binariesRule, duplicateNamesRule, leftoverConfigRule, multusBypassedRule } from './config-effective';
import { configLoadRule, configPresenceRule, jsonIssuesRule } from './config-files';
import { tokenExpiryRule } from './credentials';
import { dataPlaneRule } from './data-plane';
import { driftRule } from './fleet';
import { hostLocalLeakRule } from './host-local';
import { ipamExhaustedRule } from './ipam';
import { foreignConfigRule } from './foreign';
import { podNetworkRule } from './pod-network';
import { configReloadRule } from './reload';
import { multusConfigRule, nestedDelegatesRule } from './multus-config';
import { multusConfigAbsentRule } from './multus-lifecycle';
import { messagesRule, multusPodRule, nodeReadyRule, snapshotRule, stuckPodsRule } from './node-state';
import { partialAttachmentRule } from './partial-attachment';
import { primaryAgentRule } from './primary-agent';
import { snapshotBindingRule } from './snapshot-binding';
import { cniVersionRule } from './version';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [
  nestedDelegatesRule,
  primaryAgentRule,
  configPresenceRule,
  configLoadRule,
  configFormatRule,
  chainIntegrityRule,
  foreignConfigRule,
  leftoverConfigRule,
  configReloadRule,
  multusConfigRule,
  tokenExpiryRule,
  cniVersionRule,
  binariesRule,
  nodeReadyRule,
  dataPlaneRule,
  stuckPodsRule,
  messagesRule,
  ipamExhaustedRule,
  hostLocalLeakRule,
  multusPodRule,
  multusConfigAbsentRule,
  partialAttachmentRule,
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
