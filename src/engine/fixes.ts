import { isScalar, Scalar, type Node } from 'yaml';
import type { GResource } from '../graph/model.js';
import { locate, type Path } from '../load/nodes.js';
import type { Fix } from './types.js';

/** A fix replacing the scalar at `path` with `value`, keeping its quoting style. */
export function replaceScalarFix(resource: GResource, path: Path, value: string): Fix | undefined {
  const l = locate(resource.node, path);
  const n = l?.node as Node | undefined;
  if (!n || !isScalar(n) || !n.range) return undefined;
  const [start, end] = n.range;
  const type = (n as Scalar).type;
  let text: string;
  if (type === Scalar.QUOTE_DOUBLE) text = JSON.stringify(value);
  else if (type === Scalar.QUOTE_SINGLE) text = `'${value.replace(/'/g, "''")}'`;
  else if (type === Scalar.PLAIN && /^[A-Za-z0-9][A-Za-z0-9._\/-]*$/.test(value) && !/^(true|false|yes|no|on|off|null|~|y|n)$/i.test(value) && !/^[0-9.+-]/.test(value)) text = value;
  else text = JSON.stringify(value);
  return { range: [start, end], text };
}
