/**
 * Evaluates a ValidatingAdmissionPolicy and its binding (as shipped in
 * deploy/) against one admission request, the way the API server's
 * validating policy plugin does, for the subset the manifests use:
 * resourceRules and operations, a binding's namespaceSelector.matchLabels,
 * matchConditions, variables, validations with static messages,
 * failurePolicy, validationActions [Deny]. Anything else in a policy is
 * refused, not ignored. The CEL is run by @bufbuild/cel (a CEL-spec
 * evaluator; it does not type-check against the Kubernetes schema, so the
 * expressions stick to the standard library).
 * https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 * Denials are worded and coded as
 * staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/validating/dispatcher.go
 * builds them: reason Invalid (422) when a validation names none.
 */
import { readFileSync } from 'node:fs';
import { isCelError, parse, plan, celEnv, type CelInput } from '@bufbuild/cel';
import { parseYamlObjects, type KubeObject } from './render';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface AdmissionRequest {
  operation: Operation;
  resource: { group: string; version: string; resource: string };
  /** `status` for a write to the status subresource; absent for the resource itself. */
  subResource?: string;
  namespace?: string;
  /** Labels of the request's namespace (namespaceSelector), including kubernetes.io/metadata.name. */
  namespaceLabels?: Record<string, string>;
  userInfo: { username: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
  object: unknown;
  oldObject: unknown;
}

export type AdmissionDecision = { allowed: true } | { allowed: false; code: number; reason: string; message: string };

interface ResourceRule { apiGroups?: string[]; apiVersions?: string[]; resources?: string[]; operations?: string[] }
interface NamedExpression { name: string; expression: string }
interface Validation { expression: string; message?: string; reason?: string }
interface PolicySpec {
  failurePolicy?: 'Fail' | 'Ignore';
  matchConstraints?: { resourceRules?: ResourceRule[] };
  matchConditions?: NamedExpression[];
  variables?: NamedExpression[];
  validations?: Validation[];
}
interface BindingSpec { policyName: string; validationActions: string[]; matchResources?: { namespaceSelector?: { matchLabels?: Record<string, string> } } }

const POLICY_FIELDS = new Set(['failurePolicy', 'matchConstraints', 'matchConditions', 'variables', 'validations']);
const BINDING_FIELDS = new Set(['policyName', 'validationActions', 'matchResources']);
const REASON_CODES: Record<string, number> = { Unauthorized: 401, Forbidden: 403, Invalid: 422, RequestEntityTooLarge: 413 };

type Program = (ctx: Record<string, CelInput>) => unknown;

function compile(expression: string): Program {
  const run = plan(celEnv(), parse(expression));
  return (ctx) => run(ctx as never);
}

/** JSON to CEL input: objects become maps, so `has()`, `in` and `[]` behave as on Kubernetes objects. */
function toCel(v: unknown): CelInput {
  if (Array.isArray(v)) return v.map(toCel);
  if (v !== null && typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, toCel(x)]));
  return v as CelInput;
}

const matches = (list: string[] | undefined, value: string): boolean => (list ?? []).some((x) => x === '*' || x === value);

/**
 * A rule's `resources` entry against a resource and subresource, as the API
 * documents it: "pods" the resource only, "pods/status" that subresource,
 * "pods/*" every subresource of pods, "*" every resource but no subresource,
 * "*\/*" everything (NamedRuleWithOperations.resources,
 * https://kubernetes.io/docs/reference/kubernetes-api/extend-resources/validating-admission-policy-v1/).
 */
function matchesResource(list: string[] | undefined, resource: string, sub: string | undefined): boolean {
  return (list ?? []).some((x) => {
    const [r, s] = x.split('/', 2);
    if (r !== '*' && r !== resource) return false;
    if (s === undefined) return !sub;
    return s === '*' ? sub !== undefined : s === sub;
  });
}

export class AdmissionPolicy {
  private readonly conditions: Array<{ name: string; run: Program }>;
  private readonly variables: Array<{ name: string; run: Program }>;
  private readonly validations: Array<Validation & { run: Program }>;

  constructor(private readonly policy: KubeObject, private readonly binding: KubeObject) {
    const spec = policy.spec as PolicySpec;
    const bspec = binding.spec as BindingSpec;
    const extra = [...Object.keys(spec).filter((k) => !POLICY_FIELDS.has(k)), ...Object.keys(bspec).filter((k) => !BINDING_FIELDS.has(k))];
    if (extra.length > 0) throw new Error(`${policy.metadata.name}: fields this evaluator does not implement: ${extra.join(', ')}`);
    if (bspec.policyName !== policy.metadata.name) throw new Error(`binding ${binding.metadata.name} binds ${bspec.policyName}, not ${policy.metadata.name}`);
    if (bspec.validationActions.join() !== 'Deny') throw new Error(`binding ${binding.metadata.name}: only validationActions [Deny] is implemented`);
    this.conditions = (spec.matchConditions ?? []).map((c) => ({ name: c.name, run: compile(c.expression) }));
    this.variables = (spec.variables ?? []).map((v) => ({ name: v.name, run: compile(v.expression) }));
    this.validations = (spec.validations ?? []).map((v) => ({ ...v, run: compile(v.expression) }));
  }

  get name(): string {
    return this.policy.metadata.name;
  }

  /** Does the policy (and its binding) apply to this request at all? */
  private applies(r: AdmissionRequest): boolean {
    const rules = (this.policy.spec as PolicySpec).matchConstraints?.resourceRules ?? [];
    const hit = rules.some((rule) => matches(rule.apiGroups, r.resource.group) && matches(rule.apiVersions, r.resource.version)
      && matchesResource(rule.resources, r.resource.resource, r.subResource || undefined) && matches(rule.operations, r.operation));
    const selector = (this.binding.spec as BindingSpec).matchResources?.namespaceSelector?.matchLabels ?? {};
    const labels = r.namespaceLabels ?? (r.namespace ? { 'kubernetes.io/metadata.name': r.namespace } : {});
    return hit && Object.entries(selector).every(([k, v]) => labels[k] === v);
  }

  private deny(r: AdmissionRequest, message: string, reason = 'Invalid'): AdmissionDecision {
    const obj = (r.object ?? r.oldObject) as { metadata?: { name?: string } } | null;
    const text = `ValidatingAdmissionPolicy '${this.name}' with binding '${this.binding.metadata.name}' denied request: ${message}`;
    return { allowed: false, code: REASON_CODES[reason] ?? 422, reason, message: `${r.resource.resource} "${obj?.metadata?.name ?? ''}" is forbidden: ${text}` };
  }

  evaluate(r: AdmissionRequest): AdmissionDecision {
    if (!this.applies(r)) return { allowed: true };
    const fail = (what: string): AdmissionDecision => ((this.policy.spec as PolicySpec).failurePolicy === 'Ignore' ? { allowed: true } : this.deny(r, what));
    const ctx: Record<string, CelInput> = {
      object: toCel(r.object ?? null),
      oldObject: toCel(r.oldObject ?? null),
      request: toCel({ operation: r.operation, namespace: r.namespace ?? '', subResource: r.subResource ?? '', userInfo: { username: r.userInfo.username, uid: r.userInfo.uid ?? '', groups: r.userInfo.groups ?? [], extra: r.userInfo.extra ?? {} } }),
      params: null,
    };
    for (const c of this.conditions) {
      const out = c.run(ctx);
      if (isCelError(out)) return fail(`failed to evaluate match condition '${c.name}': ${out.message}`);
      if (out !== true) return { allowed: true };
    }
    // Variables are lazy in the API server: one that fails only matters to the validations that read it.
    const variables = new Map<string, CelInput>();
    ctx.variables = variables;
    for (const v of this.variables) {
      const out = v.run(ctx);
      if (!isCelError(out)) variables.set(v.name, out as CelInput);
    }
    for (const v of this.validations) {
      const out = v.run(ctx);
      if (isCelError(out)) return fail(`expression '${v.expression}' resulted in error: ${out.message}`);
      if (out !== true) return this.deny(r, v.message ?? `failed expression: ${v.expression}`, v.reason);
    }
    return { allowed: true };
  }
}

/** Every policy of a manifest file with its binding (exactly one each). */
export function loadAdmissionPolicies(path: string): AdmissionPolicy[] {
  const objs = parseYamlObjects(readFileSync(path, 'utf8'), path);
  const policies = objs.filter((o) => o.kind === 'ValidatingAdmissionPolicy');
  if (policies.length === 0) throw new Error(`${path}: no ValidatingAdmissionPolicy`);
  return policies.map((policy) => {
    const bindings = objs.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding' && (o.spec as BindingSpec).policyName === policy.metadata.name);
    if (bindings.length !== 1) throw new Error(`${path}: ${policy.metadata.name} needs exactly one binding, has ${bindings.length}`);
    return new AdmissionPolicy(policy, bindings[0]!);
  });
}

/** All of a file's policies, in order: the first denial is the answer, as the API server reports the first. */
export function evaluateAll(policies: readonly AdmissionPolicy[], r: AdmissionRequest): AdmissionDecision {
  for (const p of policies) {
    const d = p.evaluate(r);
    if (!d.allowed) return d;
  }
  return { allowed: true };
}
