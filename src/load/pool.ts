/**
 * Read and parse many files on both cores. Above a size threshold, a worker
 * thread reads and parses a share of the files while the main thread parses
 * the rest; the worker's results come back in wire form (wire.ts) and are
 * rebuilt as `yaml` nodes. The call stays synchronous: the main thread waits
 * on a shared flag (Atomics.wait) and takes the message with
 * receiveMessageOnPort. Results are in input order whichever thread parsed
 * them, so output is identical with and without the worker. If the worker
 * cannot start or fails, its share is parsed on the main thread.
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { parseSource, type ParsedFile } from './parse.js';
import { encodingProblems, readSource, type ReadOutcome } from './read.js';
import { makeSource, type SourceFile } from './source.js';
import { fileFromWire, type WireFile } from './wire.js';
import { countInput } from '../tiering.js';

export type Loaded = { parsed: ParsedFile } | { fatal: { file: SourceFile; message: string } };

export interface PoolOptions {
  maxFileBytes?: number;
  onProgress?: (done: number, total: number) => void;
  /** Force (true) or forbid (false) the worker; default: by input size (env PODLINT_WORKERS=0/1 too). */
  workers?: boolean;
}

/**
 * Below this many bytes a worker costs more than it saves — and since the
 * fast reader (fast.ts) that is every size measured. With yaml's parser the
 * worker won 8-13% from 10 MB up (10k synthetic 6.1 -> 5.6 s). The fast
 * reader reads 10 MB in ~0.2 s, so parsing is no longer what the main thread
 * waits on, and handing plain values across costs about what reading them
 * does: worker on vs off, 10k 1.80 vs 1.72 s, 50k (51 MB) 5.9-6.1 vs
 * 5.6-5.9 s. So the worker is off by default (PODLINT_WORKERS=1 or
 * `workers: true` still forces it, and tests keep it byte-identical); the
 * second core is used by V8's concurrent garbage collector and compiler
 * (CPU time / wall time about 1.3-1.4 on the large corpora).
 */
export const WORKER_MIN_BYTES = Number.POSITIVE_INFINITY;
/** The main thread also rebuilds the worker's share and runs the rules: give it a little less. */
const MAIN_SHARE = 0.45;

/** Parse what was read (a file or standard input); a file that could not be read is a fatal outcome. */
export function loadOutcome(o: ReadOutcome): Loaded {
  if (o.fatal) return { fatal: { file: o.file, message: o.fatal.message } };
  const pf = parseSource(o.file);
  pf.problems.unshift(...encodingProblems(o.problems));
  return { parsed: pf };
}

const loadOne = (path: string, maxFileBytes?: number): Loaded => {
  const o = readSource(path, maxFileBytes);
  countInput(o.file.text.length); // a long run gets V8's default tiering back (src/tiering.ts)
  return loadOutcome(o);
};

function workerUrl(): string | undefined {
  // beside this module in dist/src/load/, or below the bundle (dist/podlint.cjs); absent when running from TypeScript sources (tests)
  try {
    for (const rel of ['./parse-worker.js', './src/load/parse-worker.js']) {
      const p = fileURLToPath(new URL(rel, import.meta.url));
      if (existsSync(p)) return p;
    }
  } catch {
    // not a file: URL
  }
  return undefined;
}

export function loadFiles(paths: string[], opts: PoolOptions = {}): Loaded[] {
  const out: Loaded[] = new Array(paths.length);
  const env = process.env.PODLINT_WORKERS;
  const forced = opts.workers ?? (env === '1' ? true : env === '0' ? false : undefined);
  const maybe = forced === true || (forced === undefined && Number.isFinite(WORKER_MIN_BYTES));
  const url = !maybe || paths.length < 2 ? undefined : workerUrl();
  // the sizes (one stat per file) only when a worker may start
  const sizes = url
    ? paths.map((p) => {
        try {
          return statSync(p).size;
        } catch {
          return 0;
        }
      })
    : [];
  const total = sizes.reduce((a, b) => a + b, 0);
  const useWorker = !!url && (forced === true || total >= WORKER_MIN_BYTES);
  if (!useWorker) {
    paths.forEach((p, i) => ((out[i] = loadOne(p, opts.maxFileBytes)), opts.onProgress?.(i + 1, paths.length)));
    return out;
  }

  // Split in input order by bytes: the main thread takes MAIN_SHARE of them.
  const mine: number[] = [];
  const theirs: { index: number; path: string }[] = [];
  let mainBytes = 0;
  let workerBytes = 0;
  paths.forEach((p, i) => {
    if (mainBytes * (1 - MAIN_SHARE) <= workerBytes * MAIN_SHARE) {
      mine.push(i);
      mainBytes += sizes[i]!;
    } else {
      theirs.push({ index: i, path: p });
      workerBytes += sizes[i]!;
    }
  });

  const flag = new SharedArrayBuffer(8); // [0]: worker state (0 running, 1 done, 2 failed); [1]: for short sleeps
  const state = new Int32Array(flag);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker | undefined;
  try {
    worker = new Worker(url, { workerData: { files: theirs, maxFileBytes: opts.maxFileBytes, flag, port: port2 }, transferList: [port2] });
    worker.unref();
  } catch {
    worker = undefined;
  }
  const t0 = performance.now();
  let done = 0;
  for (const i of mine) {
    out[i] = loadOne(paths[i]!, opts.maxFileBytes);
    opts.onProgress?.(++done, paths.length);
  }
  const t1 = performance.now();
  let t2 = t1;
  let files: WireFile[] | undefined;
  if (worker) {
    // Wait for the worker's flag; a generous limit guards against a worker that died without raising it.
    const deadline = Date.now() + 10 * 60_000;
    while (Atomics.load(state, 0) === 0 && Date.now() < deadline) Atomics.wait(state, 0, 0, 1000);
    let msg: { files?: WireFile[]; error?: string } | undefined;
    for (let tries = 0; tries < 100 && !msg && Atomics.load(state, 0) !== 0; tries++) {
      msg = receiveMessageOnPort(port1)?.message;
      if (!msg) Atomics.wait(state, 1, 0, 5); // brief pause for the message to land
    }
    files = msg?.files;
    if (msg?.error && process.env.PODLINT_TRACE) process.stderr.write(`podlint: trace: worker failed: ${msg.error}\n`);
    t2 = performance.now();
    void worker.terminate();
  }
  port1.close();
  if (files) {
    for (const w of files) {
      if (w.fatal !== undefined) {
        out[w.index] = { fatal: { file: makeSource(w.path, ''), message: w.fatal } };
        continue;
      }
      const parsed = fileFromWire(w);
      countInput(parsed.file.text.length);
      out[w.index] = { parsed };
    }
  }
  if (process.env.PODLINT_TRACE) {
    const ms = (a: number, b: number) => `${Math.round(b - a)} ms`;
    process.stderr.write(
      `podlint: trace: a worker thread parsed ${files?.length ?? 0} of ${paths.length} files ` +
        `(main thread: own share ${ms(t0, t1)}, waiting and receiving ${ms(t1, t2)}, rebuilding ${ms(t2, performance.now())})\n`,
    );
  }
  // Anything the worker did not deliver is parsed here.
  for (const { index, path } of theirs) if (!out[index]) out[index] = loadOne(path, opts.maxFileBytes);
  opts.onProgress?.(paths.length, paths.length);
  return out;
}
