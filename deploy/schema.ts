/**
 * Checks a manifest against the Kubernetes API schema of its kind, two ways:
 * - kubernetes-models' validators (the API's OpenAPI schemas compiled with
 *   ajv): required fields, types, formats, enums;
 * - a strict walk over @kubernetes/client-node's model maps (the same
 *   OpenAPI, one attribute list per type): every field must exist in its
 *   type, as `kubectl apply --validate=strict` demands. The OpenAPI schemas
 *   leave additionalProperties open, so a typo such as `readonly: true`
 *   passes the first check and would be dropped silently by the API server.
 */
import * as k8s from '@kubernetes/client-node';
import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { KubeObject } from './render';

interface Validatable { validate(): void }
type ModelCtor = new (data: never) => Validatable;

const MODELS: Record<string, ModelCtor> = {
  'v1/Namespace': Namespace, 'v1/ServiceAccount': ServiceAccount, 'v1/Service': Service,
  'apps/v1/Deployment': Deployment, 'apps/v1/DaemonSet': DaemonSet, 'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole, 'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
  'rbac.authorization.k8s.io/v1/Role': Role, 'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': ValidatingAdmissionPolicy,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': ValidatingAdmissionPolicyBinding,
  'v1/ConfigMap': ConfigMap,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor, 'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

/**
 * The Prometheus Operator's kinds (deploy/components/prometheus): their CRD
 * schemas (@kubernetes-models/prometheus-operator) check required fields and
 * types; client-node has no model maps for them, so no strict walk.
 */
const CUSTOM = new Set(['monitoring.coreos.com/v1/ServiceMonitor', 'monitoring.coreos.com/v1/PrometheusRule']);

interface Attribute { baseName: string; type: string }
type ModelClass = { getAttributeTypeMap(): Attribute[] };
const registry = k8s as unknown as Record<string, ModelClass | undefined>;

function strictWalk(value: unknown, type: string, path: string, errors: string[]): void {
  const fail = (what: string): void => void errors.push(`${path || '(root)'}: ${what}`);
  if (type === 'string' || type === 'Date') {
    if (typeof value !== 'string') fail(`expected a string, got ${JSON.stringify(value)}`);
  } else if (type === 'number') {
    if (typeof value !== 'number') fail(`expected a number, got ${JSON.stringify(value)}`);
  } else if (type === 'boolean') {
    if (typeof value !== 'boolean') fail(`expected true/false, got ${JSON.stringify(value)}`);
  } else if (type === 'IntOrString') {
    if (typeof value !== 'string' && typeof value !== 'number') fail(`expected an int or string, got ${JSON.stringify(value)}`);
  } else if (type === 'any' || type === 'object') {
    // Free-form by the API's own definition.
  } else if (type.startsWith('Array<')) {
    if (!Array.isArray(value)) return fail('expected a list');
    value.forEach((v, i) => strictWalk(v, type.slice(6, -1), `${path}[${i}]`, errors));
  } else if (type.startsWith('{ [key: string]: ')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('expected a map');
    const inner = type.slice('{ [key: string]: '.length, -3);
    for (const [k, v] of Object.entries(value)) strictWalk(v, inner, `${path}.${k}`, errors);
  } else {
    const model = registry[type];
    if (!model?.getAttributeTypeMap) return fail(`no model for type ${type}`);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`expected a ${type} object`);
    const attrs = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
    for (const [k, v] of Object.entries(value)) {
      const t = attrs.get(k);
      if (t === undefined) fail(`unknown field "${k}" in ${type}`);
      else strictWalk(v, t, path ? `${path}.${k}` : k, errors);
    }
  }
}

/** Every problem found in one object; empty when it is a valid object of its kind. */
export function validateManifest(obj: KubeObject): string[] {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const Model = MODELS[key];
  if (!Model) return [`${key}: no schema here; add the kind to deploy/schema.ts`];
  const errors: string[] = [];
  try {
    new Model(obj as never).validate();
  } catch (e) {
    errors.push(`schema: ${(e as Error).message}`);
  }
  if (!CUSTOM.has(key)) strictWalk(obj, `V1${obj.kind}`, '', errors);
  return errors;
}
