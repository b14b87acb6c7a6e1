'use client';

import { useState, type FormEvent, type ReactNode } from 'react';
import type { PreviewView } from '@/lib/api/remediation';
import { barePodChoices, isChoosableBarePod, toggle } from './flow';
import { qosFromBody } from './json-lines';
import type { FlowParams } from './useRemediationFlow';
import styles from './remediation.module.css';

interface Props {
  preview: PreviewView;
  params: FlowParams;
  onParams: (next: FlowParams) => void;
}

/** What the plan leaves alone and why; bare pods can be chosen one by one, which re-previews. */
export function SkippedItems({ preview, params, onParams }: Props): ReactNode {
  const chosen = params.barePods ?? [];
  const choices = barePodChoices(preview, chosen);
  const other = preview.skipped.filter((s) => !isChoosableBarePod(preview.action, s));
  if (choices.length === 0 && other.length === 0) return null;
  return (
    <section aria-label="Skipped" data-testid="skipped">
      <h3 className={styles.h3}>Left alone</h3>
      <ul className={styles.skipped}>
        {other.map((s) => (
          <li key={s.what} data-testid="skipped-item" data-what={s.what}><code>{s.what}</code>: {s.why}</li>
        ))}
        {choices.map((pod) => {
          const on = chosen.includes(pod);
          return (
            <li key={pod} data-testid="bare-pod" data-what={pod}>
              <label>
                <input type="checkbox" checked={on} onChange={(e) => onParams({ ...params, barePods: toggle(chosen, pod, e.target.checked) })} />{' '}
                <code>{pod}</code>: {on ? <strong>will be deleted; a bare pod does NOT come back</strong> : 'a bare pod with no controller, skipped; tick to delete it anyway'}
              </label>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Requests = limits for `multus-guaranteed-qos`, editable; submitting re-previews with them. */
export function QosParams({ preview, params, onParams }: Props): ReactNode {
  const seeded = qosFromBody(preview.calls[0]?.body);
  const [cpu, setCpu] = useState(params.cpu ?? seeded.cpu ?? '');
  const [memory, setMemory] = useState(params.memory ?? seeded.memory ?? '');
  if (preview.action !== 'multus-guaranteed-qos') return null;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    onParams({ ...params, cpu: cpu.trim() || undefined, memory: memory.trim() || undefined });
  };
  return (
    <form className={styles.params} onSubmit={submit} aria-label="Resources" data-testid="qos-params">
      <label>CPU (requests = limits) <input name="cpu" value={cpu} onChange={(e) => setCpu(e.target.value)} maxLength={32} placeholder="100m" data-testid="qos-cpu" /></label>
      <label>Memory (requests = limits) <input name="memory" value={memory} onChange={(e) => setMemory(e.target.value)} maxLength={32} placeholder="100Mi" data-testid="qos-memory" /></label>
      <button type="submit" className={styles.secondary} data-testid="qos-repreview">Preview with these</button>
    </form>
  );
}

/** The SelfSubjectAccessReviews asked as you: each verb and resource the plan needs. */
export function PermissionChecks({ preview }: { preview: PreviewView }): ReactNode {
  const { permission } = preview;
  return (
    <section aria-label="Permissions" data-testid="permission-checks" data-allowed={permission.allowed}>
      <h3 className={styles.h3}>Permissions (asked as you)</h3>
      {!permission.allowed && <p className={styles.dryFail} data-testid="permission-reason">{permission.reason ?? 'Your Kubernetes permissions do not allow this action.'}</p>}
      {permission.checks.length > 0 && (
        <ul className={styles.checks}>
          {permission.checks.map((c) => {
            const what = `${c.verb} ${c.resource}${c.name ? ` ${c.name}` : ''}${c.namespace ? ` in ${c.namespace}` : ''}`;
            return (
              <li key={what} data-testid="permission-check" data-allowed={c.allowed}>
                <span className={c.allowed ? styles.allowed : styles.denied}>{c.allowed ? 'allowed' : 'denied'}</span> <code>{what}</code>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
