import type { ReactNode } from 'react';
import type { RemediationLabelView } from '@/lib/api/node-detail';
import type { Evidence, FindingView, Verdict } from '@/lib/api/views';
import { actionAnchor } from '@/components/remediation/anchors';
import { fileAnchor, findingAnchor } from './format';
import styles from './detail.module.css';
import { inert, inertLine } from '@/components/ui/inert';
import { Time } from '@/components/ui/Time';
import { KubectlCommands } from '@/components/remediation/KubectlCommands';
import { findingLookContext, lookCommands } from '@/lib/remediation/kubectl';

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

function EvidenceItem({ e, files, now }: { e: Evidence; files: ReadonlySet<string>; now: string }): ReactNode {
  // Link only to files the page shows; evidence may name the directory or a file the snapshot lacks.
  const where = e.file && (
    <>
      {inertLine(e.file)}
      {e.jsonPath && <code> {inertLine(e.jsonPath)}</code>}
      {e.line !== undefined && <span> line {e.line}{e.column !== undefined ? `:${e.column}` : ''}</span>}
    </>
  );
  return (
    <li data-testid="evidence" data-file={e.file} data-path={e.jsonPath}>
      {e.file && (files.has(e.file)
        ? <a href={`#${fileAnchor(e.file)}`} className={styles.evFile}>{where}</a>
        : <span className={styles.evFile}>{where}</span>)}
      {e.pod && <span className={styles.evPod}>pod <code>{inertLine(e.pod)}</code></span>}
      {e.signature && <span className={styles.evSig}>signature <code>{e.signature}</code></span>}
      {e.message && <q className={styles.evMsg}>{inert(e.message)}{e.at && <> at <Time iso={e.at} now={now} /></>}</q>}
    </li>
  );
}

type Labels = Record<string, RemediationLabelView>;

/** The node a finding is on, for the commands to look at it by hand. */
export interface LookAt { node: string; multusPod?: string; confDir?: string }

function FindingItem({ f, files, labels, now, anchor, lookAt }: { f: FindingView; files: ReadonlySet<string>; labels: Labels; now: string; anchor: boolean; lookAt?: LookAt }): ReactNode {
  return (
    <li className={styles.finding} id={anchor ? findingAnchor(f.ruleId) : undefined} data-testid="finding" data-rule={f.ruleId} data-severity={f.severity}>
      <div className={styles.findingHead}>
        <span className={`sev sev-${f.severity}`}>{SEVERITY_LABEL[f.severity]}</span>
        <strong>{inertLine(f.title)}</strong>
        <code className={styles.rule}>{f.ruleId}</code>
      </div>
      <p>{inert(f.explanation)}</p>
      {f.evidence.length > 0 && (
        <ul className={styles.evidence} aria-label="Evidence">
          {f.evidence.map((e, j) => <EvidenceItem key={j} e={e} files={files} now={now} />)}
        </ul>
      )}
      {f.cause && (
        <p className={styles.remediations} data-testid="finding-cause" data-cause={f.cause.ruleId}>
          Caused by: <a href={`#${findingAnchor(f.cause.ruleId)}`}>{inertLine(f.cause.title)}</a>
        </p>
      )}
      {f.remediations.length > 0 && (
        <p className={styles.remediations}>
          Fix:{' '}
          {f.remediations.map((r, i) => <FixHint key={r} id={r} label={labels[r]} last={i === f.remediations.length - 1} />)}
        </p>
      )}
      {lookAt && <KubectlCommands look={lookCommands(findingLookContext(f, lookAt.node, lookAt))} summary="kubectl: look for yourself" testId="finding-kubectl" />}
    </li>
  );
}

/**
 * What fixes a finding, as what it is: a link to the action's button (on
 * this page, or the fleet page for cluster-wide ones), or plain text for
 * advice done by hand. Never a box that looks like a button and does nothing.
 */
function FixHint({ id, label, last }: { id: string; label?: RemediationLabelView; last: boolean }): ReactNode {
  const sep = last ? '' : '; ';
  if (label?.kind === 'action') {
    const href = label.scope === 'cluster' ? `/#${actionAnchor(id)}` : `#${actionAnchor(id)}`;
    return <><a href={href} data-testid="remediation" data-remediation={id}>{label.title}</a>{label.scope === 'cluster' && <span className="muted"> (cluster-wide, on the fleet page)</span>}{sep}</>;
  }
  return <><span data-testid="remediation" data-remediation={id}>{label?.title ?? id}</span><span className="muted"> (by hand, see below)</span>{sep}</>;
}

/**
 * Why the node has its verdict, most severe first, each with the evidence it
 * rests on and what fixes it. Info findings (fleet hygiene, context) are
 * folded away so errors stay on the first screen.
 */
interface Props {
  findings: FindingView[];
  verdict: Verdict;
  /** Files the page shows, so evidence links only to what exists. */
  files: ReadonlySet<string>;
  labels: Labels;
  /** The view's generation time, for "12 min ago". */
  now: string;
  lookAt?: LookAt;
}

export function FindingList({ findings, verdict, files, labels, now, lookAt }: Props): ReactNode {
  const problems = findings.filter((f) => f.severity !== 'info');
  const notes = findings.filter((f) => f.severity === 'info');
  return (
    <section className={styles.panel} aria-labelledby="findings-title" data-testid="findings">
      <h2 id="findings-title">Findings</h2>
      {problems.length === 0 && (
        <p className="muted" data-testid="no-findings">
          {verdict === 'unknown' ? 'No problems found, but without a fresh CNI snapshot there is little to check.' : 'No problems found on this node.'}
        </p>
      )}
      {problems.length > 0 && (
        <ol className={styles.findings}>
          {problems.map((f, i) => <FindingItem key={`${f.ruleId}-${i}`} f={f} files={files} labels={labels} now={now} anchor={findings.findIndex((x) => x.ruleId === f.ruleId) === findings.indexOf(f)} lookAt={lookAt} />)}
        </ol>
      )}
      {notes.length > 0 && (
        <details className={styles.notes}>
          <summary>{notes.length} more: context and advice</summary>
          <ol className={styles.findings}>
            {notes.map((f, i) => <FindingItem key={`${f.ruleId}-${i}`} f={f} files={files} labels={labels} now={now} anchor={findings.findIndex((x) => x.ruleId === f.ruleId) === findings.indexOf(f)} lookAt={lookAt} />)}
          </ol>
        </details>
      )}
    </section>
  );
}
