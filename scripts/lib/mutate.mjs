// Deterministic text mutations for property tests and the fuzz run.
// A tiny seeded PRNG (mulberry32) keeps every run reproducible from its seed.

export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = [' ', '  ', ':', ': ', '-', '- ', '[', ']', '{', '}', ',', '#', '&a', '*a', '!', '!!str ', '|', '>', "'", '"', '\n', '\t', '%', '@', '`', '?', '<<: ', '---\n', '...\n', '\r\n', '\u00e9', '\ufeff', '\\', '0', '1e9', '-1', 'null', '~', 'true', 'kind: List\nitems:\n', 'apiVersion: v1\n', '{{ x }}', '$(touch /tmp/x)'];

/** Apply `count` random edits to `text`. */
export function mutate(text, rand, count = 1 + Math.floor(rand() * 4)) {
  let t = text;
  for (let i = 0; i < count; i++) {
    const pos = Math.floor(rand() * (t.length + 1));
    const op = Math.floor(rand() * 9);
    const lines = () => t.split('\n');
    switch (op) {
      case 0: // delete a short range
        t = t.slice(0, pos) + t.slice(pos + 1 + Math.floor(rand() * 8));
        break;
      case 1: // insert a token
        t = t.slice(0, pos) + ALPHABET[Math.floor(rand() * ALPHABET.length)] + t.slice(pos);
        break;
      case 2: {
        // re-indent a line
        const ls = lines();
        const k = Math.floor(rand() * ls.length);
        const d = Math.floor(rand() * 5) - 2;
        ls[k] = d >= 0 ? ' '.repeat(d) + ls[k] : ls[k].replace(new RegExp(`^ {0,${-d}}`), '');
        t = ls.join('\n');
        break;
      }
      case 3: {
        // duplicate a line
        const ls = lines();
        const k = Math.floor(rand() * ls.length);
        ls.splice(k, 0, ls[k]);
        t = ls.join('\n');
        break;
      }
      case 4: {
        // swap two lines
        const ls = lines();
        const a = Math.floor(rand() * ls.length);
        const b = Math.floor(rand() * ls.length);
        [ls[a], ls[b]] = [ls[b], ls[a]];
        t = ls.join('\n');
        break;
      }
      case 5: // truncate
        t = t.slice(0, pos);
        break;
      case 6: {
        // replace a scalar-ish word
        const m = /[A-Za-z0-9_.\/-]+/g;
        const words = [...t.matchAll(m)];
        if (words.length) {
          const w = words[Math.floor(rand() * words.length)];
          const repl = ['', '80', '"80"', 'x'.repeat(1 + Math.floor(rand() * 3)), w[0] + w[0], w[0].toUpperCase(), 'localhost:8081', '/output/data.txt', 'null'][Math.floor(rand() * 9)];
          t = t.slice(0, w.index) + repl + t.slice(w.index + w[0].length);
        }
        break;
      }
      case 7: // CRLF everything
        t = t.replace(/\r?\n/g, '\r\n');
        break;
      default: {
        // move a block of lines to another place
        const ls = lines();
        const a = Math.floor(rand() * ls.length);
        const n = 1 + Math.floor(rand() * 4);
        const block = ls.splice(a, n);
        ls.splice(Math.floor(rand() * (ls.length + 1)), 0, ...block);
        t = ls.join('\n');
      }
    }
  }
  return t;
}
