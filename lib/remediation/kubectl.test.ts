import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adviceEquivalent, callCommand, daemonSetLookCommands, fieldValue, kubectl, lookCommands, neutralise, planCommands, shellQuote } from './kubectl';
import type { PlannedCall } from './plan';

/**
 * Runs a command line in a real POSIX shell where `kubectl` and `printf`'s
 * reader are functions that print their arguments NUL-separated: what the
 * shell would pass to kubectl, and nothing else runs.
 */
function argvOf(line: string): string[] {
  const script = `kubectl() { printf '%s\\0' "$@"; }\n${line}\n`;
  // No PATH: only shell builtins and the function run, so a quoting bug shows up as extra arguments, never as a side effect.
  const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8', env: { PATH: '/nonexistent' } as unknown as NodeJS.ProcessEnv, cwd: tmpdir() });
  return out.split('\0').slice(0, -1);
}

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('$(kubectl injected)', '`kubectl injected`', "a'b", 'a;kubectl injected', 'a|kubectl injected', "'$(kubectl injected)'", 'x\ny', '-rf', '', '=', 'a b', '\u202eevil', 'node,involvedObject.kind=Pod', '${IFS}', '!!', '~root', '*'),
);

describe('shellQuote', () => {
  it('makes any string exactly one argument with the neutralised value, whatever it holds', () => {
    fc.assert(fc.property(hostile, (name) => {
      expect(argvOf(kubectl('describe', 'node', name))).toEqual(['describe', 'node', neutralise(name)]);
    }), { numRuns: 150 });
  });

  it('keeps a whole pipeline to the arguments it was built from (bodies included)', () => {
    const call = (name: string): PlannedCall => ({ id: 'create-repair-request', verb: 'create', target: { group: '', resource: 'configmaps', namespace: name, name }, body: { metadata: { name } }, description: '' });
    fc.assert(fc.property(hostile, (name) => {
      const line = callCommand(call(name)).command.replace(/^printf /, 'printf >/dev/null ');
      expect(argvOf(line)).toEqual([...(name ? ['-n', neutralise(name)] : []), 'create', '-f', '-']);
    }), { numRuns: 60 });
  });

  it('leaves plain names bare and quotes the rest', () => {
    expect(shellQuote('ip-10-0-1-23.ec2.internal')).toBe('ip-10-0-1-23.ec2.internal');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('')).toBe(`''`);
    expect(shellQuote('$(id)')).toBe(`'$(id)'`);
  });

  it('neutralises control and bidirectional characters visibly', () => {
    expect(neutralise('a\u0000b\u001bc\u202ed\u2066e')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe');
    expect(neutralise('x'.repeat(2000))).toHaveLength(1025);
  });
});

describe('fieldValue', () => {
  it('escapes what the field selector parser splits on', () => {
    expect(fieldValue('a,involvedObject.kind=Pod')).toBe('a\\,involvedObject.kind\\=Pod');
    expect(fieldValue('a\\b')).toBe('a\\\\b');
  });
});

describe('callCommand', () => {
  it('deletes a pod by name in its namespace', () => {
    const c = callCommand({ id: 'delete-multus-pod', verb: 'delete', target: { group: '', resource: 'pods', namespace: 'kube-system', name: 'kube-multus-ds-abcde' }, body: { preconditions: { uid: 'u-1' } }, description: '' });
    expect(c.command).toBe('kubectl -n kube-system delete pod kube-multus-ds-abcde');
    expect(c.label).toContain('uid u-1');
  });

  it('cordons with kubectl cordon and patches a DaemonSet with its patch type', () => {
    expect(callCommand({ id: 'cordon', verb: 'patch', target: { group: '', resource: 'nodes', name: 'n1' }, patchType: 'strategic-merge', body: {}, description: '' }).command).toBe('kubectl cordon n1');
    const ds = callCommand({ id: 'qos', verb: 'patch', target: { group: 'apps', resource: 'daemonsets', namespace: 'kube-system', name: 'kube-multus-ds' }, patchType: 'json', body: [{ op: 'add', path: '/x', value: 1 }], description: '' });
    expect(argvOf(ds.command)).toEqual(['-n', 'kube-system', 'patch', 'daemonsets.apps', 'kube-multus-ds', '--type=json', '-p', '[{"op":"add","path":"/x","value":1}]']);
  });

  it('evicts through the eviction subresource, since kubectl has no single-pod eviction', () => {
    const c = callCommand({ id: 'evict', verb: 'create', target: { group: '', resource: 'pods', subresource: 'eviction', namespace: 'app', name: 'web-1' }, body: { kind: 'Eviction' }, description: '' });
    expect(c.command).toBe(`printf '%s\\n' '{"kind":"Eviction"}' | kubectl create --raw /api/v1/namespaces/app/pods/web-1/eviction -f -`);
  });

  it('gives a host-file call its kubectl debug equivalent: the same check and the same rename, with the previewed content', () => {
    const fileChange = { node: 'node-1', path: '/etc/cni/net.d/00-multus.conf', sha256: 'a'.repeat(64), after: { content: '{"type":"multus","name":"it\'s"}\n', sha256: 'b'.repeat(64) }, depth: 2 };
    const repair: PlannedCall = { id: 'create-repair-request', verb: 'create', target: { group: '', resource: 'configmaps', namespace: 'cni-health', name: 'r' }, body: { data: {} }, description: '', awaitRepairStatus: true, fileChange };
    const cmds = planCommands([repair], 'node-1');
    expect(cmds).toHaveLength(2);
    const argv = argvOf(cmds[1]!.command);
    expect(argv.slice(0, 8)).toEqual(['debug', 'node/node-1', '-it', '--profile=sysadmin', '--image=busybox', '--', 'sh', '-c']);
    expect(argv.slice(9)).toEqual(['sh', Buffer.from(fileChange.after.content).toString('base64'), fileChange.path, fileChange.sha256]);
    expect(argv[8]).toMatch(/sha256sum -c .*cp -p "\$f" "\$f\.cni-health\.bak".*base64 -d > .*mv "\$d\/\.cni-health-unnest\.tmp" "\$f"$/);
    expect(planCommands([{ ...repair, fileChange: undefined }], 'node-1')).toHaveLength(1);
  });
});

describe('lookCommands', () => {
  it('names the node in every command, and the pods and files the finding names', () => {
    const cmds = lookCommands({ node: 'n1', pods: ['kube-system/kube-multus-ds-x'], files: ['00-multus.conf'], confDir: '/etc/cni/net.d/' });
    const lines = cmds.map((c) => c.command);
    expect(lines).toContain('kubectl describe node n1');
    expect(lines).toContain('kubectl get pods -A -o wide --field-selector spec.nodeName=n1');
    expect(lines).toContain('kubectl get events -A --field-selector involvedObject.kind=Node,involvedObject.name=n1');
    expect(lines).toContain('kubectl -n kube-system logs kube-multus-ds-x --all-containers --tail=200');
    expect(lines).toContain('kubectl debug node/n1 -it --profile=sysadmin --image=busybox -- cat /host/etc/cni/net.d/00-multus.conf');
  });

  it('cannot be made to select other objects through a field selector', () => {
    const cmds = lookCommands({ node: 'x,involvedObject.kind=Pod' });
    const events = argvOf(cmds[2]!.command);
    expect(events.at(-1)).toBe('involvedObject.kind=Node,involvedObject.name=x\\,involvedObject.kind\\=Pod');
  });
});

describe('adviceEquivalent', () => {
  it('says plainly when there is no kubectl equivalent', () => {
    expect(adviceEquivalent('upgrade-multus', {})).toEqual({ none: expect.stringContaining('No kubectl equivalent') });
    expect(adviceEquivalent('restart-primary-cni-pod', { primaryPod: 'kube-system/aws-node-x' })).toEqual({ commands: [expect.objectContaining({ command: 'kubectl -n kube-system delete pod aws-node-x' })] });
  });
});

describe('daemonSetLookCommands', () => {
  it('describes the DaemonSet and follows its rollout, read-only', () => {
    expect(daemonSetLookCommands('kube-system', 'kube-multus-ds').map((c) => c.command)).toEqual([
      'kubectl -n kube-system describe daemonsets.apps kube-multus-ds',
      'kubectl -n kube-system rollout status daemonsets.apps/kube-multus-ds',
      'kubectl -n kube-system get events --field-selector involvedObject.kind=DaemonSet,involvedObject.name=kube-multus-ds',
    ]);
  });
});
