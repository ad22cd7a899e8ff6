/**
 * @module commands/init
 * `occhealth init <db>`: create (or migrate) a SQLite store file.
 */
import { existsSync } from 'node:fs';
import { openSqliteStore, SCHEMA_VERSION } from '@occhealth/adapter-sqlite';
import {
  type CommandContext,
  EXIT,
  type ExitCode,
  type GlobalOptions,
  langOf,
  say,
} from '../context.js';
import { pathIn, printJson } from '../shared.js';

/** Options of {@link init}. */
export interface InitOptions extends GlobalOptions {
  /** Path of the store file. */
  readonly db: string;
}

/**
 * Create the store file `db` (or open and migrate an existing one).
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const cwd = mkdtempSync(join(tmpdir(), 'occhealth-'));
 * const sink = { write: () => true };
 * console.log(await init({ cwd, stdout: sink, stderr: sink, env: {} }, { db: 'occhealth.db' }));
 * // → 0
 * ```
 */
export async function init(ctx: CommandContext, options: InitOptions): Promise<ExitCode> {
  const lang = langOf(ctx.env, options.lang);
  const path = pathIn(ctx, options.db);
  const existed = existsSync(path);
  const store = openSqliteStore(path);
  await store.close();
  if (options.json) printJson(ctx, { db: path, created: !existed, schemaVersion: SCHEMA_VERSION });
  else {
    ctx.stdout.write(
      existed
        ? say(
            lang,
            `已打开并迁移 ${path}（架构版本 ${SCHEMA_VERSION}）\n`,
            `opened and migrated ${path} (schema version ${SCHEMA_VERSION})\n`,
          )
        : say(
            lang,
            `已创建 ${path}（架构版本 ${SCHEMA_VERSION}）\n`,
            `created ${path} (schema version ${SCHEMA_VERSION})\n`,
          ),
    );
  }
  return EXIT.ok;
}
