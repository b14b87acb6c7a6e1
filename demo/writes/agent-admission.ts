/**
 * The demo's validating admission for ValidatingAdmissionPolicies: it runs
 * the policies the install ships (deploy/base/agent-policy.yaml,
 * deploy/probes/prober-policy.yaml, and the opt-in Node condition's, which
 * the demo installs: deploy/components/node-condition/node-condition-policy.yaml)
 * through the same evaluator their tests use, so the demo's agents and
 * probers (simulated in-process, or a client holding an agent or prober
 * token from /demo/v1/tokens) are held to
 * exactly what a real cluster holds them to. Denials carry the API server's
 * Status (reason Invalid, 422) and message.
 */
import { fileURLToPath } from 'node:url';
import { evaluateAll, loadAdmissionPolicies, type AdmissionPolicy, type Operation } from '@/deploy/admission-policy';
import type { UserInfo } from '../auth';
import type { KindInfo } from '../kinds';
import { ApiError, status, type StatusCause, type StatusReason } from '../status';

const POLICY_FILES = [
  '../../deploy/base/agent-policy.yaml', '../../deploy/probes/prober-policy.yaml', '../../deploy/components/node-condition/node-condition-policy.yaml',
].map((f) => fileURLToPath(new URL(f, import.meta.url)));
let policies: AdmissionPolicy[] | undefined;

export interface AdmissionInput {
  user: UserInfo;
  operation: Operation;
  kind: Pick<KindInfo, 'group' | 'version' | 'resource'>;
  namespace?: string;
  /** `status` for a write to the status subresource. */
  subResource?: string;
  object: unknown;
  oldObject: unknown;
}

/** Throws the API server's denial when a shipped policy refuses the write. */
export function validatePolicies(input: AdmissionInput): void {
  policies ??= POLICY_FILES.flatMap((f) => loadAdmissionPolicies(f));
  const d = evaluateAll(policies, {
    operation: input.operation,
    resource: { group: input.kind.group, version: input.kind.version, resource: input.kind.resource },
    ...(input.subResource ? { subResource: input.subResource } : {}),
    namespace: input.namespace,
    userInfo: input.user,
    object: input.object,
    oldObject: input.oldObject,
  });
  if (!d.allowed) {
    const name = ((input.object ?? input.oldObject) as { metadata?: { name?: string } } | null)?.metadata?.name ?? '';
    throw new ApiError(status(d.code, d.reason as StatusReason, d.message, {
      name, ...(input.kind.group ? { group: input.kind.group } : {}), kind: input.kind.resource, causes: [{ message: d.message } as StatusCause],
    }));
  }
}
