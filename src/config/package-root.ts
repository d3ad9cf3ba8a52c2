/**
 * Locate podlint's own package folder (where package.json, docs/ and schemas/
 * live), both when running from source (tests) and from dist/ (installed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if (JSON.parse(readFileSync(pj, 'utf8')).name === 'podlint') return (cached = dir);
      } catch {
        /* keep looking */
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return (cached = join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
}

/** Where findings link to: the rule's page in the repository. The one place this URL is built. */
export const DOCS_BASE_URL = 'https://github.com/podlint/podlint/blob/main/docs/rules/';
export const HOMEPAGE_URL = 'https://github.com/podlint/podlint';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${encodeURIComponent(ruleId)}.md`;
}
