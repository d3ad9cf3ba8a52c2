/**
 * src/tiering.ts: the short-run interrupt budget's states. The flags it sets
 * are process-wide; each test ends the run it began.
 */
import { afterEach, describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { beginShortRun, countInput, endShortRun, LONG_RUN_CHARS, shortRunApplies, tieringState, underDefaultBudget } from '../../src/tiering.js';

afterEach(() => endShortRun());

describe('short-run tiering', () => {
  it('applies on V8 11 (Node 20) only, and not when node was given its own budget', () => {
    expect(shortRunApplies('11.3.244.8-node.33', [])).toBe(true);
    expect(shortRunApplies('12.4.254.21-node.33', [])).toBe(false);
    expect(shortRunApplies('10.2.154.26-node.26', [])).toBe(false);
    expect(shortRunApplies('11.3.244.8-node.33', ['--interrupt-budget=10000'])).toBe(false);
    expect(shortRunApplies('11.3.244.8-node.33', ['--max-old-space-size=4096'])).toBe(true);
  });

  it.runIf(shortRunApplies())('is off until the CLI begins a run, short until the input passes LONG_RUN_CHARS, then long', () => {
    expect(tieringState()).toBe('off');
    countInput(LONG_RUN_CHARS * 2);
    expect(tieringState()).toBe('off'); // not begun: library use keeps V8's settings
    beginShortRun();
    expect(tieringState()).toBe('short');
    countInput(LONG_RUN_CHARS - 10);
    expect(tieringState()).toBe('short');
    expect(underDefaultBudget(() => tieringState())).toBe('short');
    countInput(10);
    expect(tieringState()).toBe('long');
    endShortRun();
    expect(tieringState()).toBe('off');
    // a new run counts from zero
    beginShortRun();
    countInput(LONG_RUN_CHARS - 1);
    expect(tieringState()).toBe('short');
  });

  it('underDefaultBudget returns what its function returns and passes its errors on', () => {
    beginShortRun();
    expect(underDefaultBudget(() => 42)).toBe(42);
    expect(() =>
      underDefaultBudget(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
  });

  it.runIf(shortRunApplies())('code caches made under V8 defaults are accepted inside underDefaultBudget, not outside it', () => {
    // same length, other text: V8 checks a cache against the source's length (and the flags), and the isolate's own
    // compilation cache would answer a second compile of the very same text without reading the cache at all
    const src = (n: number) => `(function () { return [1, 2, 3].map((x) => x * ${n}); })`;
    const made = new vm.Script(src(1), { filename: 'tiering-cache.js' });
    made.runInThisContext()();
    const cachedData = made.createCachedData();
    const rejected = (n: number) => new vm.Script(src(n), { filename: 'tiering-cache.js', cachedData }).cachedDataRejected;
    beginShortRun();
    // the budget is one of the flags V8 checks a cache against
    expect(rejected(2)).toBe(true);
    expect(underDefaultBudget(() => rejected(3))).toBe(false);
    endShortRun();
    expect(rejected(4)).toBe(false);
  });
});
