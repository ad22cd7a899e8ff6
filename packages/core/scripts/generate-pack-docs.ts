/**
 * Write `docs/packs/<pack>.md`, the official's check of every pack, from the packs themselves.
 * Run: `pnpm --filter @occhealth/core packs:docs` (a test fails when the committed files differ).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { packTables } from '../src/plans/table.js';

const dir = fileURLToPath(new URL('../../../docs/packs/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const [file, text] of packTables()) {
  writeFileSync(`${dir}${file}`, text);
  process.stdout.write(`wrote docs/packs/${file}\n`);
}
