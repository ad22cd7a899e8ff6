/**
 * @module commands/copy
 * `occhealth copy <from> <to>`: move a whole store between SQLite and PostgreSQL (either way, or
 * SQLite to SQLite) with the core's `copyStore` — every record kind, versions kept, and the audit
 * trail verbatim — into an empty target; the target's audit chains are verified afterwards.
 */
import { existsSync } from 'node:fs';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import {
  BATCH_KINDS,
  type CopyStoreResult,
  copyStore,
  NotFoundError,
  type Store,
} from '@occhealth/core';
import {
  type CommandContext,
  EXIT,
  type ExitCode,
  type GlobalOptions,
  langOf,
  say,
} from '../context.js';
import { UsageError } from '../failure.js';
import { startProgress } from '../progress.js';
import { pathIn, printJson } from '../shared.js';

/** Options of {@link copyCommand}. */
export interface CopyCommandOptions extends GlobalOptions {
  /** The source: a SQLite file path or a `postgres://` URL (`?schema=` picks the schema). */
  readonly from: string;
  /** The target, as `from`; it must be empty (a new file, or a new or empty schema). */
  readonly to: string;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/**
 * The store named by `spec`: a `postgres://…[?schema=name]` URL (schema default `occhealth`) or a
 * SQLite file path (the source must exist; a missing target file is created).
 * @throws NotFoundError for a missing source file; UsageError for a bad URL.
 * @internal
 */
export async function openStoreAt(
  ctx: CommandContext,
  spec: string,
  role: 'from' | 'to',
): Promise<{ store: Store; label: string }> {
  if (POSTGRES_URL.test(spec)) {
    let url: URL;
    try {
      url = new URL(spec);
    } catch {
      throw new UsageError(
        `<${role}>`,
        spec,
        'not a valid postgres:// URL',
        '不是有效的 postgres:// 地址',
      );
    }
    const schema = url.searchParams.get('schema') ?? 'occhealth';
    url.searchParams.delete('schema');
    const { openPostgresStore } = await import('@occhealth/adapter-postgres');
    const store = await openPostgresStore({ connectionString: url.toString(), schema });
    url.password = '';
    return { store, label: `${url.host}${url.pathname} (schema ${schema})` };
  }
  const path = pathIn(ctx, spec);
  if (role === 'from' && !existsSync(path)) {
    throw new NotFoundError('database file', spec, '数据库文件');
  }
  return { store: openSqliteStore(path), label: path };
}

/**
 * Copy the store `from` into the empty store `to` (a progress bar on a terminal), then print the
 * rows copied per kind and the verified audit trail. A target that holds anything is refused and
 * left as it was: copy into a new file or schema.
 * @example
 * ```ts fragment
 * await copyCommand(ctx, { from: 'occhealth.db', to: 'postgres://occh@db.example/occh?schema=yunnan' }) // 0
 * ```
 */
export async function copyCommand(
  ctx: CommandContext,
  options: CopyCommandOptions,
): Promise<ExitCode> {
  const lang = langOf(ctx.env, options.lang);
  const from = await openStoreAt(ctx, options.from, 'from');
  let result: CopyStoreResult;
  try {
    const to = await openStoreAt(ctx, options.to, 'to');
    try {
      const progress = await startProgress(ctx, lang, 0, { zh: '条', en: 'rows' });
      try {
        result = await copyStore({
          from: from.store,
          to: to.store,
          onProgress: (p) => progress?.update(p.total),
        });
      } finally {
        progress?.stop();
      }
    } finally {
      await to.store.close();
    }
    if (options.json) {
      printJson(ctx, {
        from: from.label,
        to: to.label,
        counts: result.counts,
        audit: result.audit,
      });
      return EXIT.ok;
    }
    const lines = [...BATCH_KINDS, 'audit' as const].map(
      (k) => `  ${k.padEnd(15)} ${String(result.counts[k]).padStart(9)}`,
    );
    ctx.stdout.write(
      `${say(lang, `已复制 ${from.label} → ${to.label}`, `copied ${from.label} → ${to.label}`)}\n${lines.join('\n')}\n${say(
        lang,
        `审计链校验通过（${result.audit.entries} 条，${result.audit.chains} 条链）`,
        `audit trail verified (${result.audit.entries} entries, ${result.audit.chains} chains)`,
      )}\n`,
    );
    return EXIT.ok;
  } finally {
    await from.store.close();
  }
}
