/**
 * @module bench/loader
 * The import baseline: the loader a competent engineer writes with better-sqlite3 itself, into the
 * SAME schema as the store (the store creates the file, so keys, `CHECK`s, foreign keys and the
 * JSON `record` column are all there), with no validation: the secondary indexes dropped, one
 * prepared `INSERT` per kind inside ONE transaction, each CSV line split on commas and its cells
 * put into the JSON record by the documented column spec (`COLUMNS` of `@occhealth/import`:
 * dotted paths, numbers, lists, status histories, labels), the region closure filled by one
 * recursive `INSERT … SELECT`, then the indexes built again. The file is read in 1 MiB chunks split
 * on newlines by hand and each column's path is split once (a `readline` event and a
 * `path.split('.')` per cell cost it about a quarter of its time). It assumes what the generator
 * guarantees — quote-free lines, ids in English — and refuses a line with a quote.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore } from '@occhealth/adapter-sqlite';
import { type CellType, COLUMNS } from '@occhealth/import';
import Database from 'better-sqlite3';

type Kind = 'regions' | 'employers' | 'facts';

const LIST = /[;；、|]/;

/** Set a value at a path split once per column (not once per cell). */
function setPath(record: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let at = record;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]!;
    at[k] ??= {};
    at = at[k] as Record<string, unknown>;
  }
  at[keys[keys.length - 1]!] = value;
}

/** The lines of a file, read in large chunks and split by hand (no per-line stream events). */
async function* fileLines(path: string): AsyncGenerator<string[]> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    const last = text.lastIndexOf('\n');
    if (last < 0) {
      rest = text;
      continue;
    }
    rest = text.slice(last + 1);
    yield text.slice(0, last).split('\n');
  }
  if (rest !== '') yield [rest];
}

function cell(type: CellType, text: string): unknown {
  if (typeof type === 'object') {
    if ('listOf' in type) {
      return text
        .split(LIST)
        .filter((s) => s !== '')
        .map((item) => type.listOf[item] ?? item);
    }
    return type.labels[text] ?? text;
  }
  switch (type) {
    case 'number':
      return Number(text);
    case 'boolean':
      return text === 'true' || text === '1' || text === '是';
    case 'list':
      return text.split(LIST).filter((s) => s !== '');
    case 'json':
      return JSON.parse(text);
    case 'status-history':
      return text.split(';').map((s) => {
        const [status, from] = s.split('@');
        return { status, from };
      });
    default:
      return text;
  }
}

const INSERTS: Record<Kind, string> = {
  regions: 'INSERT INTO regions (code, parent, level, version, record) VALUES (?, ?, ?, 1, ?)',
  employers: 'INSERT INTO employers (credit_code, region, version, record) VALUES (?, ?, 1, ?)',
  facts:
    'INSERT INTO facts (id, kind, region, employer, date, version, record) VALUES (?, ?, ?, ?, ?, 1, ?)',
};

function keys(kind: Kind, r: Record<string, unknown>, json: string): unknown[] {
  switch (kind) {
    case 'regions':
      return [r.code, r.parent ?? null, r.level, json];
    case 'employers':
      return [r.creditCode, r.region, json];
    case 'facts':
      return [r.id, r.kind, r.region, r.employer ?? null, r.date, json];
  }
}

/** Load the three CSVs of `dataDir` into a fresh store file `db`; rows and seconds per file. */
export async function minimalLoad(
  dataDir: string,
  db: string,
): Promise<Record<string, { rows: number; seconds: number }>> {
  // The store creates the schema (every migration), then closes: the loader owns the file.
  await openSqliteStore(db).close();
  const conn = new Database(db);
  conn.pragma('journal_mode = WAL');
  conn.pragma('foreign_keys = ON');
  const indexes = conn
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('regions', 'employers', 'facts', 'region_closure')",
    )
    .all() as { name: string; sql: string }[];
  const out: Record<string, { rows: number; seconds: number }> = {};
  const t0 = performance.now();
  conn.exec('BEGIN');
  for (const { name } of indexes) conn.exec(`DROP INDEX "${name}"`);
  for (const kind of ['regions', 'employers', 'facts'] as const) {
    const k0 = performance.now();
    const insert = conn.prepare(INSERTS[kind]);
    const byName = new Map(COLUMNS[kind].map((c) => [c.field, c]));
    let columns: { path: string[]; type: CellType }[] | undefined;
    let rows = 0;
    for await (const lines of fileLines(join(dataDir, `${kind}.csv`))) {
      for (let line of lines) {
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (line === '') continue;
        if (line.includes('"'))
          throw new Error(`the minimal loader reads quote-free lines: ${line}`);
        const cells = line.split(',');
        if (!columns) {
          columns = cells.map((h) => {
            const spec = byName.get(h);
            if (!spec) throw new Error(`unknown column ${h}`);
            return { path: spec.field.split('.'), type: spec.type };
          });
          continue;
        }
        const record: Record<string, unknown> = {};
        for (let i = 0; i < columns.length; i++) {
          const text = cells[i]!;
          if (text !== '') setPath(record, columns[i]!.path, cell(columns[i]!.type, text));
        }
        insert.run(keys(kind, record, JSON.stringify(record)));
        rows++;
      }
    }
    if (kind === 'regions') {
      conn.exec(`INSERT INTO region_closure (ancestor, descendant, depth)
        WITH RECURSIVE up(ancestor, descendant, depth) AS (
          SELECT code, code, 0 FROM regions
          UNION ALL SELECT r.parent, up.descendant, up.depth + 1
            FROM up JOIN regions r ON r.code = up.ancestor WHERE r.parent IS NOT NULL)
        SELECT ancestor, descendant, depth FROM up`);
    }
    out[kind] = { rows, seconds: (performance.now() - k0) / 1000 };
  }
  const i0 = performance.now();
  for (const { sql } of indexes) conn.exec(sql);
  conn.exec('COMMIT');
  // The index build counts in the facts' time (the last file), as the importer's would.
  out.facts = {
    rows: out.facts!.rows,
    seconds: out.facts!.seconds + (performance.now() - i0) / 1000,
  };
  out.total = {
    rows: out.regions!.rows + out.employers!.rows + out.facts!.rows,
    seconds: (performance.now() - t0) / 1000,
  };
  conn.close();
  return out;
}
