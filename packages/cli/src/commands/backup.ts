/**
 * @module commands/backup
 * `occhealth backup <db> <file>`: SQLite's online backup, safe while the store is in use.
 */
import { statSync } from 'node:fs';
import {
  type CommandContext,
  EXIT,
  type ExitCode,
  type GlobalOptions,
  langOf,
  say,
} from '../context.js';
import { pathIn, printJson, withStore } from '../shared.js';

/** Options of {@link backup}. */
export interface BackupOptions extends GlobalOptions {
  /** Path of the store file. */
  readonly db: string;
  /** Path of the copy to write. */
  readonly file: string;
}

/**
 * Copy the store `db` to `file` with SQLite's online backup API (page by page, consistent even
 * while another process writes).
 * @example
 * ```ts check
 * declare const ctx: CommandContext; // { cwd, stdout, stderr, env }: the process's in the binary
 * const code = await backup(ctx, { db: 'occhealth.db', file: 'occhealth-2025-12-31.db' }); // 0 once the copy is written
 * ```
 */
export async function backup(ctx: CommandContext, options: BackupOptions): Promise<ExitCode> {
  const lang = langOf(ctx.env, options.lang);
  const target = pathIn(ctx, options.file);
  const pages = await withStore(ctx, options.db, async (store) => {
    const result = await store.database.backup(target);
    return result.totalPages;
  });
  const bytes = statSync(target).size;
  if (options.json) printJson(ctx, { db: pathIn(ctx, options.db), file: target, pages, bytes });
  else {
    ctx.stdout.write(
      say(
        lang,
        `已备份到 ${target}（${pages} 页，${bytes} 字节）\n`,
        `backed up to ${target} (${pages} pages, ${bytes} bytes)\n`,
      ),
    );
  }
  return EXIT.ok;
}
