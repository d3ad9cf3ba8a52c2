/**
 * Worker thread entry: read and parse a share of the files, send them back in
 * wire form (see wire.ts), then raise a flag the main thread waits on.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { readSource } from './read.js';
import { sourceToWire, type WireFile } from './wire.js';

const { files, maxFileBytes, flag, port } = workerData as {
  files: { index: number; path: string }[];
  maxFileBytes?: number;
  flag: SharedArrayBuffer;
  port: MessagePort;
};
const state = new Int32Array(flag);
try {
  const out: WireFile[] = [];
  for (const { index, path } of files) {
    const o = readSource(path, maxFileBytes);
    if (o.fatal) out.push({ index, path, text: '', bom: false, fatal: o.fatal.message, readProblems: [], problems: [], docs: [], resources: [] });
    else out.push(sourceToWire(index, o.file, o.problems));
  }
  port.postMessage({ files: out });
  Atomics.store(state, 0, 1);
} catch (e) {
  port.postMessage({ error: String((e as Error)?.stack ?? e) });
  Atomics.store(state, 0, 2);
}
Atomics.notify(state, 0);
port.close();
