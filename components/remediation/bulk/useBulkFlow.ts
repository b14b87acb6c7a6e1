'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '@/lib/api/queries';
import { bulkKeys, executeBulk, previewBulk, type BulkOperationView, type BulkPreviewView } from '@/lib/api/bulk';

function mintKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const isStale = (e: unknown): boolean => e instanceof ApiError && (e.status === 409 || e.status === 410);

export interface BulkFlow {
  preview: BulkPreviewView | undefined;
  previewError: Error | null;
  previewing: boolean;
  retry: () => void;
  /** The last Apply was refused because the preview changed or expired: the preview shown is a new one. */
  changed: boolean;
  apply: (typed: string) => void;
  applying: boolean;
  applyError: Error | null;
}

/** Preview once on open, then execute that preview by its id with a key minted for this intent (a retry acts once). */
export function useBulkFlow(rule: string, action: string, onOperation: (id: string) => void): BulkFlow {
  const queryClient = useQueryClient();
  const [changed, setChanged] = useState(false);
  const key = useRef<string | null>(null);
  const submitted = useRef(false);
  const previewM = useMutation({ mutationFn: previewBulk });
  const { mutate: runPreview } = previewM;
  const executeM = useMutation({ mutationFn: executeBulk });

  useEffect(() => {
    key.current ??= mintKey();
    runPreview({ ruleId: rule, action });
  }, [rule, action, runPreview]);

  const apply = (typed: string): void => {
    const p = previewM.data;
    if (submitted.current || !p?.previewId || !key.current) return;
    submitted.current = true;
    executeM.mutate({ previewId: p.previewId, confirm: typed.trim(), idempotencyKey: key.current }, {
      onSuccess: (op: BulkOperationView) => {
        queryClient.setQueryData(bulkKeys.operation(op.id), op);
        onOperation(op.id);
      },
      onError: (e) => {
        submitted.current = false;
        if (isStale(e)) {
          key.current = mintKey();
          setChanged(true);
          runPreview({ ruleId: rule, action });
        }
      },
    });
  };

  return {
    preview: previewM.data,
    previewError: previewM.error,
    previewing: previewM.isPending,
    retry: () => runPreview({ ruleId: rule, action }),
    changed,
    apply,
    applying: executeM.isPending || executeM.isSuccess,
    applyError: executeM.error && !isStale(executeM.error) ? executeM.error : null,
  };
}
