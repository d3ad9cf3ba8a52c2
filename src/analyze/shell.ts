/**
 * The shell analysis moved to ./shell/ (issue 15); this re-export keeps
 * `src/analyze/shell.js` imports of other branches working. New code imports
 * `./shell/index.js`.
 */
export * from './shell/index.js';
