import 'server-only';
import { dehydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import { diffKey, parseDiffState, type DiffSideView, type DiffState, type DiffView } from '@/lib/api/diff';
import type { ErrorView } from '@/lib/api/views';
import { currentObservedAt, revisionFiles, type RevisionLookup } from '@/lib/cni/revisions';
import type { Snapshot } from '@/lib/cni/snapshot';
import { chooseBase, type Candidate } from '@/lib/health/comparison';
import { diagnoseNode, type NodeDiagnosis } from '@/lib/health/diagnose';
import type { Finding } from '@/lib/health/types';
import type { ClusterCache } from '@/lib/k8s/cache';
import { diffFileViews } from './diff-files';
import { fleetReader } from './fleet-reader';

export type DiffResult = { ok: true; view: DiffView } | { ok: false; code: ErrorView['code']; error: string };

const fail = (code: ErrorView['code'], error: string): DiffResult => ({ ok: false, code, error });

/** Config findings of an earlier revision: the rules rerun on its files alone (pods and events are of now, not then). */
function findingsAt(d: NodeDiagnosis, snapshot: Snapshot, lookup: RevisionLookup, now: number): Finding[] {
  if (!lookup.ok) return [];
  if (lookup.current) return d.findings;
  const past = diagnoseNode({ node: d.node, snapshot: { ...d.snapshot!, snapshot: { ...snapshot, files: lookup.files, revision: lookup.revision } }, stuck: [], now });
  return past.findings.filter((f) => f.evidence.some((e) => e.file !== undefined));
}

function sideView(d: NodeDiagnosis, snapshot: Snapshot, lookup: RevisionLookup, variant: string | undefined, now: number): DiffSideView {
  return {
    node: d.node.name,
    zone: d.node.zone,
    pool: d.node.pool,
    verdict: d.verdict,
    variant,
    revision: lookup.revision,
    observedAt: lookup.observedAt,
    latestRevision: snapshot.revision,
    latestObservedAt: currentObservedAt(snapshot),
    behind: lookup.revision !== snapshot.revision,
    missing: lookup.ok ? undefined : lookup.reason,
    findings: findingsAt(d, snapshot, lookup, now),
  };
}

function snapshotOf(d: NodeDiagnosis | undefined, name: string, role: 'base' | 'target'): Snapshot | DiffResult {
  if (!d) return fail('not-found', `${role}: there is no node named ${name} in this cluster`);
  const snap = d.snapshot?.snapshot;
  if (!snap) {
    const why = d.snapshot?.error ? `its snapshot could not be read (${d.snapshot.error})` : 'no CNI snapshot has been published for it (is the cni-health agent running there?)';
    return fail('not-found', `${role}: ${name} has no config to compare: ${why}`);
  }
  return snap;
}

/**
 * The diff of two nodes' CNI configs at the asked-for revisions (latest when
 * not pinned). Without a base, the server picks the reference node
 * (lib/health/comparison.ts) and says which and why.
 */
export function buildDiffView(cache: ClusterCache, req: DiffState, now: number): DiffResult {
  if (!req.target) return fail('bad-request', 'target: choose the node to examine, e.g. /diff?target=<node>');
  if (req.base && req.base === req.target) return fail('bad-request', `base and target are the same node (${req.target}); pick another node to compare with, or leave base out to let the dashboard choose one`);
  // From the incrementally maintained fleet analysis: the two sides are diagnosed now,
  // the reference candidates come from the precomputed grid rows.
  const fleet = fleetReader(cache, now);
  const variantOf = { get: (name: string): string | undefined => fleet.variant(name) };
  const target = fleet.diagnose(req.target);
  const targetSnap = snapshotOf(target, req.target, 'target');
  if ('ok' in targetSnap) return targetSnap;

  const candidate = (d: NodeDiagnosis): Candidate => ({ name: d.node.name, verdict: d.verdict, zone: d.node.zone, pool: d.node.pool, variant: variantOf.get(d.node.name) });
  const chosen = chooseBase(candidate(target!), fleet.candidates());
  if (!req.base && !chosen) return fail('not-found', `no healthy node with a snapshot to compare ${req.target} with; name one with ?base=<node>`);
  const baseName = req.base ?? chosen!.node;
  const base = fleet.diagnose(baseName);
  const baseSnap = snapshotOf(base, baseName, 'base');
  if ('ok' in baseSnap) return baseSnap;

  const baseLookup = revisionFiles(baseSnap, req.baseRev);
  const targetLookup = revisionFiles(targetSnap, req.targetRev);
  // A link carries the base the dashboard chose; say why while that is still the choice. Not for a
  // pinned earlier revision: the reason would describe the node now, not the config shown.
  const choice = chosen && chosen.node === baseName && targetLookup.ok && targetLookup.current ? { reason: chosen.reason, description: chosen.description } : undefined;
  const files = baseLookup.ok && targetLookup.ok
    ? diffFileViews({ node: baseName, revision: baseLookup.revision, files: baseLookup.files }, { node: req.target, revision: targetLookup.revision, files: targetLookup.files }, req.ignore)
    : [];
  return {
    ok: true,
    view: {
      generatedAt: new Date(now).toISOString(),
      base: sideView(base!, baseSnap, baseLookup, variantOf.get(baseName), now),
      target: sideView(target!, targetSnap, targetLookup, variantOf.get(req.target), now),
      choice,
      ignoreNodeSpecific: req.ignore,
      files,
    },
  };
}

/** Server prefetch for the page: the route's answer under the query's key, so the first paint has the diff. */
export function prefetchDiff(cache: ClusterCache, params: URLSearchParams, now: number): DehydratedState {
  const queryClient = new QueryClient();
  const parsed = parseDiffState(params);
  if (parsed.ok && parsed.state.target) {
    const result = buildDiffView(cache, parsed.state, now);
    if (result.ok) queryClient.setQueryData(diffKey(parsed.state), result.view);
  }
  return dehydrate(queryClient);
}
