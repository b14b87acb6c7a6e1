/**
 * Rules on the files themselves: is there a config at all, does each file
 * load the way libcni loads it, and what in it is ambiguous (duplicate keys,
 * numbers Go cannot hold). A file that does not load and sorts before the
 * first good one is an error: containerd stops there and the node stays
 * NetworkPluginNotReady (CRI-O skips it, but the fleet rarely runs both).
 * https://github.com/containerd/go-cni/blob/main/opts.go
 */
import type { ConfigEntry, LoadFailure } from '@/lib/cni/files';
import { isMultusDaemonConfig } from '@/lib/cni/multus';
import { isWrongFormat } from './chain';
import { finding, positionalSeverity, type Rule } from './types';
import type { Finding } from '../types';

const FAILURE_RULES: Record<LoadFailure, { ruleId: string; title: (e: ConfigEntry) => string; explanation: string }> = {
  'invalid-json': {
    ruleId: 'cni-config-invalid-json',
    title: (e) => `${e.name} is not valid JSON`,
    explanation: 'libcni cannot parse this file. containerd refuses to set up any pod network while it sorts before a good config; CRI-O skips it.',
  },
  'too-deep': {
    ruleId: 'cni-config-too-deep',
    title: (e) => `${e.name} is nested absurdly deep`,
    explanation: 'The document nests objects or lists hundreds of levels deep. No real CNI config does; it is corrupt or generated in a loop.',
  },
  'too-large': {
    ruleId: 'cni-config-too-large',
    title: (e) => `${e.name} is far too large for a CNI config`,
    explanation: 'CNI configs are a few kilobytes. This file was not analysed; it is likely corrupt or not a config at all.',
  },
  truncated: {
    ruleId: 'cni-config-truncated',
    title: (e) => `${e.name} was only partly collected`,
    explanation: 'The file is larger than the collection cap, so only its beginning was read and it cannot be checked. A CNI config this large is itself suspicious.',
  },
  unreadable: {
    ruleId: 'cni-config-unreadable',
    title: (e) => `${e.name} could not be read`,
    explanation: 'The snapshot agent could not read this file, so it cannot be checked; the container runtime may or may not be able to.',
  },
  'not-object': {
    ruleId: 'cni-config-invalid',
    title: (e) => `${e.name} is not a CNI config object`,
    explanation: 'A CNI config must be a JSON object; libcni rejects anything else.',
  },
  'no-type': {
    ruleId: 'cni-config-no-type',
    title: (e) => `${e.name} has a network without a plugin type`,
    explanation: "libcni needs a 'type' (the plugin binary to run) on a .conf file and on every plugin of a .conflist. A conflist saved with a .conf or .json name fails the same way.",
  },
  'no-plugins': {
    ruleId: 'cni-conflist-no-plugins',
    title: (e) => `${e.name} lists no plugins`,
    explanation: 'A .conflist needs a non-empty plugins list; libcni rejects it ("no plugins in list").',
  },
  'invalid-field': {
    ruleId: 'cni-config-invalid',
    title: (e) => `${e.name} has a field libcni cannot decode`,
    explanation: 'libcni decodes configs into typed Go structs; a field of the wrong JSON type makes the whole file fail to load.',
  },
};

export const configPresenceRule: Rule = ({ snapshot, config }) => {
  const snap = snapshot?.snapshot;
  if (!snap || !config) return [];
  if (config.entries.length === 0) {
    return [finding({
      ruleId: 'cni-config-missing',
      severity: 'error',
      title: `No CNI config in ${snap.confDir}`,
      explanation: 'The container runtime finds no network configuration, so no pod on this node can get a network. The primary CNI has not written its config (yet).',
      evidence: [{ file: snap.confDir, message: `files: ${snap.files.map((f) => f.name).join(', ') || 'none'}` }],
      remediations: ['restart-primary-cni-pod'],
    })];
  }
  if (!config.effective && !config.entries.some((e) => !e.load.ok && (e.load.reason === 'truncated' || e.load.reason === 'unreadable'))) {
    return [finding({
      ruleId: 'cni-config-missing',
      severity: 'error',
      title: `No CNI config in ${snap.confDir} loads`,
      explanation: 'Every config file in the directory is rejected by libcni, so the runtime has no pod network.',
      evidence: config.entries.map((e) => ({ file: e.name, message: e.load.ok ? undefined : e.load.message })),
      remediations: ['restart-primary-cni-pod'],
    })];
  }
  return [];
};

export const configLoadRule: Rule = ({ config }) => {
  if (!config) return [];
  const out: Finding[] = [];
  config.entries.forEach((entry, index) => {
    if (entry.load.ok) return;
    if (entry.json && isMultusDaemonConfig(entry.json) && index > config.effectiveIndex) return;
    // A conflist under a .conf name (or the reverse) gets cni-config-wrong-format instead, which says what to rename.
    if (isWrongFormat(entry)) return;
    const meta = FAILURE_RULES[entry.load.reason];
    const position = entry.load.line !== undefined ? ` (line ${entry.load.line}, column ${entry.load.column})` : '';
    const blocking = index <= config.effectiveIndex;
    const fixedSeverity = entry.load.reason === 'truncated' || entry.load.reason === 'unreadable' ? 'warning' : undefined;
    out.push(finding({
      ruleId: meta.ruleId,
      severity: fixedSeverity ?? positionalSeverity(config, index),
      title: meta.title(entry),
      explanation: `${meta.explanation}${blocking ? '' : ` It sorts after ${config.effective?.name ?? 'the effective config'}, so it is not used today, but it is a trap for the next change.`}`,
      evidence: [{ file: entry.name, line: entry.load.line, column: entry.load.column, message: `${entry.load.message}${position}` }],
      remediations: entry.name.includes('multus') ? ['restart-multus-pod'] : [],
    }));
  });
  return out;
};

/** Duplicate keys: JSON.parse and Go both keep the last one silently, so what a human reads is not what runs. */
export const jsonIssuesRule: Rule = ({ config }) => {
  if (!config) return [];
  const out: Finding[] = [];
  for (const entry of config.entries) {
    const dups = entry.issues.filter((i) => i.kind === 'duplicate-key');
    const lossy = entry.issues.filter((i) => i.kind === 'lossy-number');
    if (dups.length > 0) {
      out.push(finding({
        ruleId: 'cni-config-duplicate-key',
        severity: 'warning',
        title: `${entry.name} repeats ${dups.length === 1 ? 'a key' : `${dups.length} keys`}`,
        explanation: 'When a key appears twice, the CNI plugin silently uses the last value; an edit to the first one has no effect.',
        evidence: dups.slice(0, 5).map((d) => ({ file: entry.name, jsonPath: d.path, line: d.line, column: d.column, message: d.detail })),
        remediations: [],
      }));
    }
    if (lossy.length > 0) {
      out.push(finding({
        ruleId: 'cni-config-number-out-of-range',
        severity: 'warning',
        title: `${entry.name} has a number no plugin can hold`,
        explanation: 'A number beyond 64-bit range (or past 2^53 for integers) fails to decode in Go or loses precision.',
        evidence: lossy.slice(0, 5).map((d) => ({ file: entry.name, jsonPath: d.path, line: d.line, column: d.column, message: d.detail })),
        remediations: [],
      }));
    }
  }
  return out;
};
