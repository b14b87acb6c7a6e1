import type { ReactNode } from 'react';
import type { CniFileView, FileRole, SnapshotView } from '@/lib/api/node-detail';
import { Time } from '@/components/ui/Time';
import { fileAnchor, formatBytes, shortSha } from './format';
import { FILE_READ_MAX_BYTES } from '@/lib/cni/limits';
import { FileText } from './FileText';
import styles from './detail.module.css';
import { inertLine } from '@/components/ui/inert';

const ROLE_LABEL: Record<FileRole, string> = {
  effective: 'used by the runtime',
  skipped: 'does not load',
  shadowed: 'ignored (an earlier file is used)',
  'not-config': 'not a CNI config',
};

function CniFile({ file, now }: { file: CniFileView; now: string }): ReactNode {
  return (
    <section id={fileAnchor(file.name)} className={`${styles.file} ${file.role === 'effective' ? styles.effective : ''}`} data-testid="cni-file" data-file={file.name} data-role={file.role} aria-label={inertLine(file.name)}>
      <div className={styles.fileHead}>
        <strong className={styles.fileName}>{inertLine(file.name)}</strong>
        <span className={`${styles.role} ${styles[`role-${file.role}`] ?? ''}`} data-testid="file-role">{ROLE_LABEL[file.role]}</span>
        <span className="muted">{formatBytes(file.size)}</span>
        <span className="muted" title={file.sha256}>sha256 <code>{shortSha(file.sha256)}</code></span>
        {file.modifiedAt && <span className="muted">modified <Time iso={file.modifiedAt} now={now} /></span>}
      </div>
      {file.loadError && <p className={styles.fileProblem}>libcni would reject it: {inertLine(file.loadError)}</p>}
      {file.readError && <p className={styles.fileProblem}>The agent could not read it: {inertLine(file.readError)}</p>}
      {file.truncated && <p className={styles.fileProblem}>Content cut at the snapshot&apos;s cap; size and sha256 describe the whole file.</p>}
      {file.parseError && (
        <p className={styles.fileProblem} data-testid="parse-error">
          Not valid JSON{file.parseError.line !== undefined ? ` (line ${file.parseError.line}, column ${file.parseError.column})` : ''}: {inertLine(file.parseError.message)}. Shown as collected.
        </p>
      )}
      {file.unresolved.length > 0 && (
        <p className="muted small">Findings name {file.unresolved.map((p) => <code key={p}>{inertLine(p)} </code>)} which {file.unresolved.length === 1 ? 'is' : 'are'} not in this content.</p>
      )}
      {file.withheld !== undefined && (
        <p className={styles.fileProblem} data-testid="file-too-large">Too large to show: {formatBytes(file.withheld)} of content, over the dashboard&apos;s {formatBytes(FILE_READ_MAX_BYTES)} limit per file; not shown or analysed. Size and sha256 above are the agent&apos;s.</p>
      )}
      {file.text !== undefined ? <FileText file={file} /> : file.withheld === undefined && <p className="muted small">No content collected.</p>}
      {file.cut && <p className="muted small" data-testid="file-cut">The rest of this file is not shown: it is past the page&apos;s display limit (see the snapshot format&apos;s limits on read).</p>}
    </section>
  );
}

/** The node's CNI config directory as its snapshot shows it, offending paths highlighted. */
export function CniFiles({ snapshot, now }: { snapshot: SnapshotView; now: string }): ReactNode {
  return (
    <section className={styles.panel} aria-labelledby="files-title" data-testid="cni-files" data-state={snapshot.state === 'ok' && snapshot.stale ? 'stale' : snapshot.state}>
      <h2 id="files-title">CNI config files</h2>
      {snapshot.state === 'missing' && (
        <p className={styles.warnBox} data-testid="snapshot-state">No CNI snapshot for this node: the cni-health agent is not running on it (or has not reported yet), so its config files cannot be shown or checked.</p>
      )}
      {snapshot.state === 'invalid' && (
        <p className={styles.warnBox} data-testid="snapshot-state">The snapshot ConfigMap <code>{inertLine(snapshot.configMap)}</code> cannot be read: {inertLine(snapshot.error)}</p>
      )}
      {snapshot.state === 'ok' && (
        <>
          <p className={snapshot.stale ? styles.warnBox : 'muted small'} data-testid="snapshot-state">
            {snapshot.stale ? 'Stale snapshot: ' : ''}
            <code>{inertLine(snapshot.confDir)}</code>, revision {snapshot.revision}, collected <Time iso={snapshot.collectedAt} now={now} /> by {inertLine(snapshot.agent)}.
            {snapshot.stale ? ' The agent has stopped reporting; the files on disk may differ.' : ''}
            {snapshot.truncated ? ' Some content was left out to fit a ConfigMap.' : ''}
          </p>
          {!snapshot.effectiveFile && snapshot.files.length > 0 && <p className={styles.warnBox}>No config in this directory loads: the runtime has no pod network.</p>}
          {snapshot.files.length === 0 ? (
            <p className={styles.warnBox} data-testid="no-files">The directory is empty: the runtime has no CNI config, so no pod can get a network.</p>
          ) : (
            snapshot.files.map((f) => <CniFile key={f.name} file={f} now={now} />)
          )}
          {snapshot.filesOmitted !== undefined && <p className={styles.warnBox} data-testid="files-omitted">{snapshot.filesOmitted} more files are in the snapshot but past the dashboard&apos;s limit on files read; they are not shown or analysed.</p>}
        </>
      )}
    </section>
  );
}
