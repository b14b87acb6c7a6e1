/**
 * The container runtime's own words about loading the CNI config directory.
 * containerd's CRI plugin watches the directory (fsnotify) and reloads on
 * every write, rename or remove event; a failed reload is logged as
 *   failed to reload cni configuration after receiving fs change event("<file>": WRITE)
 *     error="cni config load failed: <why>"
 * and kept as the runtime's network status (`crictl info` → lastCNILoadStatus),
 * which the kubelet turns into the node's Ready condition:
 *   container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady
 *     message:Network plugin returns error: cni plugin not initialized
 * Sources: https://github.com/containerd/containerd/issues/8662 (a WRITE read half-written:
 * "unexpected end of JSON input"), https://github.com/containerd/containerd/issues/11715 (a file
 * moved in: RENAME fails, the CREATE that follows is ignored, the node stays not initialized),
 * https://github.com/containerd/containerd/issues/6490 (never reloaded after remove + recreate).
 * CRI-O says "No CNI configuration file in /etc/cni/net.d/. Has your network provider started?"
 * (https://github.com/cri-o/ocicni/blob/main/pkg/ocicni/ocicni.go).
 */

export type RuntimeLoadMessage =
  /** The file was read but did not parse: half-written, or really broken. */
  | { kind: 'parse-error'; file?: string; message: string }
  /** The runtime has (or had) no usable config at all. */
  | { kind: 'not-initialized'; file?: string; message: string };

const RELOAD = /failed to (re)?load cni (configuration|config)|cni config load failed/i;
/** Logged at every containerd start before the CNI has written its config: expected at boot, not a finding. */
const AT_INIT = /failed to load cni during init/i;

export function isRuntimeBootNoise(message: string): boolean {
  return AT_INIT.test(message.slice(0, 4096));
}
const PARSE = /unexpected end of JSON input|invalid character|error parsing configuration|cannot unmarshal/i;
const NOT_INIT = /no network config found in|cni plugin not initiali[sz]ed|cni config uninitiali[sz]ed|NetworkPluginNotReady|network plugin is not ready|No CNI configuration file in/i;
const FILE = /\/[^\s"'\\:()]+?\.(?:conflist|conf|json)\b/g;

/** The config file a message names: the one that failed to load, else the one whose change triggered the reload. */
function fileOf(text: string): string | undefined {
  const loadFailed = /failed to load CNI config(?: list)? file (\/[^\s:"\\]+)/i.exec(text);
  const path = loadFailed?.[1] ?? text.match(FILE)?.[0];
  return path?.split('/').pop();
}

export function classifyRuntimeMessage(message: string): RuntimeLoadMessage | undefined {
  const text = message.length > 4096 ? message.slice(0, 4096) : message;
  if (AT_INIT.test(text)) return undefined;
  const reload = RELOAD.test(text);
  if (reload && PARSE.test(text)) return { kind: 'parse-error', file: fileOf(text), message: text };
  if (NOT_INIT.test(text) && (reload || !/FailedCreatePodSandBox|failed to (setup|set up) network for sandbox/i.test(text))) {
    return { kind: 'not-initialized', file: reload ? fileOf(text) : undefined, message: text };
  }
  return undefined;
}
