/**
 * Streams a list body item by item. An unpaginated list of 150,000 realistic
 * pods is about a gigabyte of JSON, past the longest string V8 can hold, so
 * the body is never built as one string: items are serialised in batches and
 * written with backpressure. The items array is captured before the first
 * byte (stored objects are immutable), so the body is one consistent state
 * even while the store moves on.
 */
import type { ServerResponse } from 'node:http';
import type { ListMeta } from './list';
import type { KubeObject } from './types';

/** Items per write: big enough to amortise syscalls, small enough to keep memory flat. */
const BATCH = 200;

function itemJson(obj: KubeObject): string {
  // Items of a list carry no kind/apiVersion; the list's kind says it.
  const { kind: _k, apiVersion: _v, ...rest } = obj;
  return JSON.stringify(rest);
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export async function writeListStream(res: ServerResponse, kind: string, apiVersion: string, metadata: ListMeta, items: readonly KubeObject[]): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  const head = `{"kind":${JSON.stringify(kind)},"apiVersion":${JSON.stringify(apiVersion)},"metadata":${JSON.stringify(metadata)},"items":[`;
  let ok = res.write(head);
  for (let i = 0; i < items.length; i += BATCH) {
    if (res.destroyed) return;
    if (!ok) await drained(res);
    if (res.destroyed) return;
    const parts: string[] = [];
    for (let j = i; j < Math.min(items.length, i + BATCH); j++) parts.push(itemJson(items[j]!));
    ok = res.write((i === 0 ? '' : ',') + parts.join(','));
  }
  res.end(']}');
}
