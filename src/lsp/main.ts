/** Entry point of `podlint lsp --stdio` (bundled as dist/lsp.mjs, loaded only for this command). */
import { startServer } from './server.js';

export function main(): void {
  startServer();
}
