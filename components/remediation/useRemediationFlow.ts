'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '@/lib/api/queries';
import { executeRemediation, previewRemediation, remediationKeys, type OperationView, type PreviewView } from '@/lib/api/remediation';

export interface FlowParams {
  cpu?: string;
  memory?: string;
  barePods?: string[];
}

export interface RemediationFlow {
  preview: PreviewView | undefined;
  previewError: Error | null;
  previewing: boolean;
  params: FlowParams;
  setParams: (next: FlowParams) => void;
  /** The last Apply was refused because the plan changed or the preview expired (409, 410); the preview shown is the new one. */
  changed: boolean;
  apply: (confirm: string) => void;
  applying: boolean;
  applyError: Error | null;
  operationId: string | undefined;
}

/** A key for this dialog's one intent; a retry after a lost answer reuses it, so the server acts once. */
function mintKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID exists only in secure contexts; getRandomValues everywhere.
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The server no longer holds this preview as it was (changed 409, expired 410): preview again. */
const isStale = (e: unknown): boolean => e instanceof ApiError && (e.status === 409 || e.status === 410);

function cleanParams(p: FlowParams): FlowParams {
  return {
    ...(p.cpu ? { cpu: p.cpu } : {}),
    ...(p.memory ? { memory: p.memory } : {}),
    ...(p.barePods?.length ? { barePods: p.barePods } : {}),
  };
}

/**
 * Preview on open and whenever the parameters change, then execute what was
 * previewed, named by the server's record of it (previewId). The preview is
 * a mutation, not a query, on purpose: the live stream must not swap the
 * plan under someone reading it; a changed cluster (409) or an expired
 * preview (410) shows up on Apply, which re-previews and says so.
 */
export function useRemediationFlow(action: string, node: string | undefined, initialOperation: string | undefined, onOperation: (id: string) => void): RemediationFlow {
  const queryClient = useQueryClient();
  const [params, setParamsState] = useState<FlowParams>({});
  const [changed, setChanged] = useState(false);
  const [operationId, setOperationId] = useState(initialOperation);
  const key = useRef<string | null>(null);
  // A ref, not state: two clicks in one frame both see the first one's mark.
  const submitted = useRef(false);

  const previewM = useMutation({ mutationFn: previewRemediation });
  const { mutate: runPreview } = previewM;
  const executeM = useMutation({ mutationFn: executeRemediation });

  useEffect(() => {
    key.current ??= mintKey();
  }, []);

  useEffect(() => {
    if (operationId) return;
    runPreview({ action, node, params: cleanParams(params) });
  }, [action, node, params, operationId, runPreview]);

  const setParams = useCallback((next: FlowParams) => {
    setChanged(false);
    setParamsState(next);
  }, []);

  const apply = (confirm: string): void => {
    const p = previewM.data;
    if (submitted.current || !p?.previewId || !key.current) return;
    submitted.current = true;
    executeM.mutate(
      { previewId: p.previewId, confirm: p.confirmText ? confirm : undefined, idempotencyKey: key.current },
      {
        onSuccess: (op: OperationView) => {
          queryClient.setQueryData(remediationKeys.operation(op.id), op);
          setOperationId(op.id);
          onOperation(op.id);
        },
        onError: (e) => {
          submitted.current = false;
          if (isStale(e)) {
            // A new plan is a new intent: a fresh key, so the server does not replay the refusal.
            key.current = mintKey();
            setChanged(true);
            runPreview({ action, node, params: cleanParams(params) });
          }
        },
      },
    );
  };

  return {
    preview: previewM.data,
    previewError: previewM.error,
    previewing: previewM.isPending,
    params,
    setParams,
    changed,
    apply,
    applying: executeM.isPending || executeM.isSuccess,
    applyError: executeM.error && !isStale(executeM.error) ? executeM.error : null,
    operationId,
  };
}
