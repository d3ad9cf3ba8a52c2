/**
 * A place in a source file a rendered node maps to: the source node's range,
 * and for a scalar whose value came through unchanged, an exact offset for
 * any offset inside it (a line of an embedded script or proxy config).
 */
import { isScalar, type Node, type Pair } from 'yaml';
import { scalarOffset } from '../load/nodes.js';
import type { Source } from './sources.js';
import { indexAt, rangeOfNode, type Found } from './yamlpath.js';

export interface Landing {
  src: Source;
  range: [number, number];
  /** Map an offset inside the rendered node to the source (when its value came through verbatim). */
  inner?: (renderedOffset: number) => number | undefined;
  /** The rendered node this landing stands for (the end of a range maps through it when it falls inside). */
  renderedRange?: [number, number];
  /** False when only an ancestor of the node was found in the source. */
  exact: boolean;
}

/**
 * Turn a walk's result into a landing. `toFile` maps offsets of the node's
 * own text to file offsets (inline patches live inside a block scalar of the
 * kustomization: `own` gives that text and the map); identity for ordinary files.
 */
export function landOn(
  src: Source,
  found: Found,
  full: boolean,
  onKey: boolean,
  rendered: { text: string; node: Node; pair?: Pair },
  own?: { text: string; toFile: (o: number) => number },
): Landing | undefined {
  const toFile = own?.toFile ?? ((o: number) => o);
  const ownText = own?.text ?? src.file.text;
  const keyNode = found.pair?.key as Node | undefined;
  let r: [number, number] | undefined;
  if (full && onKey) r = rangeOfNode(keyNode);
  else if (full) r = rangeOfNode(found.node) ?? rangeOfNode(keyNode);
  else r = rangeOfNode(keyNode) ?? rangeOfNode(found.node);
  if (!r) return undefined;
  const range: [number, number] = [toFile(r[0]), toFile(r[1])];
  const rn = rendered.node;
  const renderedRange = rn.range ? ([rn.range[0], rn.range[1]] as [number, number]) : undefined;
  const land: Landing = { src, range, exact: full, renderedRange };
  const sn = onKey ? keyNode : found.node;
  if (full && sn && isScalar(sn) && isScalar(rn) && typeof sn.value === 'string' && sn.value === rn.value) {
    land.inner = (o) => {
      const idx = indexAt(rendered.text, rn, o);
      if (idx === undefined) return undefined;
      return toFile(scalarOffset(ownText, sn, idx));
    };
  } else if (full && sn && isScalar(sn) && isScalar(rn) && String(sn.value) === String(rn.value)) {
    // a number or boolean written the same way: offsets inside it line up
    land.inner = (o) => toFile(Math.min(r![0] + (o - rn.range![0]), r![1]));
  }
  return land;
}
