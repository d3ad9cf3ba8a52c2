/**
 * Time bounds as ratios, never absolute times (the machine is shared): `growth`
 * runs `fn` on the input built for n and for n/10, and returns how many times
 * longer the big one took. A linear path gives about 10 (less with fixed
 * costs), a quadratic one about 100, an exponential one never returns.
 * Each size is repeated until it has run for at least `minMs`, and the
 * fastest of three rounds counts, so a pause of the machine does not count.
 */
export function growth(fn: (input: string) => unknown, make: (n: number) => string, n = 100_000, minMs = 20): number {
  const big = make(n);
  const small = make(n / 10);
  const time = (input: string, reps: number) => {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn(input);
    return (performance.now() - t0) / reps;
  };
  // repetitions so that the small input runs for at least minMs
  fn(small); // warm up (regular expressions and functions are compiled on first use)
  let reps = 1;
  while (time(small, reps) * reps < minMs && reps < 1 << 16) reps *= 2;
  const bigReps = Math.max(1, Math.ceil(reps / 10));
  let best = Infinity;
  for (let round = 0; round < 3; round++) best = Math.min(best, time(big, bigReps) / time(small, reps));
  return best;
}

/** The bound the tests use: well above linear (10), well below quadratic (100). */
export const LINEAR = 30;
