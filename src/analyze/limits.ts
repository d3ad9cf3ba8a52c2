/**
 * Limits an analysis hit: pieces of input it did not (fully) read because a
 * size or depth limit stopped it. Analyses never report; they note the hit
 * here and rule `analysis-limit` reports it, so nothing is skipped in silence.
 */
import type { GResource } from '../graph/model.js';

export interface LimitHit {
  resource: GResource;
  /** Offsets into the resource's file text of the piece not (fully) analysed. */
  range: [number, number];
  /** What was skipped and why, e.g. "shell script of 250,000 characters is over the 200,000-character limit of the shell analysis; not analysed". */
  message: string;
}

const hits = new WeakMap<GResource, LimitHit[]>();

export function noteLimit(hit: LimitHit): void {
  const list = hits.get(hit.resource);
  if (!list) hits.set(hit.resource, [hit]);
  else if (!list.some((h) => h.range[0] === hit.range[0] && h.message === hit.message)) list.push(hit);
}

export function limitHits(resource: GResource): readonly LimitHit[] {
  return hits.get(resource) ?? [];
}
