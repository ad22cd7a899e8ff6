import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CommandContext } from '../src/context.js';

/** A buffered output stream. */
export class Buffered {
  chunks: string[] = [];
  readonly isTTY = false;
  write(chunk: string | Uint8Array): boolean {
    this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

/** A command context over a temporary directory, English by default, with a fixed China day. */
export function makeContext(
  cwd: string,
  options: { lang?: string; today?: string } = {},
): CommandContext & { stdout: Buffered; stderr: Buffered } {
  return {
    cwd,
    stdout: new Buffered(),
    stderr: new Buffered(),
    env: { LANG: options.lang ?? 'en_US.UTF-8' },
    today: () => options.today ?? '2025-07-05',
  };
}

/** A fresh temporary directory. */
export function scratch(prefix = 'occh-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

interface RawEmployer {
  creditCode: string;
  region: string;
  registeredOn?: string;
  statusHistory: { status: string; from: string }[];
}

/** Add calendar months to a YYYY-MM-DD day, clamping to the month's last day (no Date in local time). */
function plusMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The Yunnan pack's 2025 declaration rate of one county by hand, from raw SQL on the store file
 * and none of the library's evaluation code: cohort = SMEs with an assistance fact dated up to
 * 2025-12-31 (004: 帮扶企业, 2024–2025) and active on 2025-12-31 (active, or suspended for under six months, the end day included);
 * numerator = those with a declaration dated on or before 2025-12-31.
 */
export function handDeclarationRate(dbPath: string, county: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    const employers = (
      db.prepare('SELECT record FROM employers WHERE region = ?').all(county) as {
        record: string;
      }[]
    ).map((r) => JSON.parse(r.record) as RawEmployer);
    const assisted = new Set(
      (
        db
          .prepare(
            "SELECT employer FROM facts WHERE kind = 'assistance' AND region = ? AND date <= '2025-12-31'",
          )
          .all(county) as { employer: string }[]
      ).map((r) => r.employer),
    );
    const declared = new Set(
      (
        db
          .prepare(
            "SELECT employer FROM facts WHERE kind = 'declaration' AND region = ? AND date <= '2025-12-31'",
          )
          .all(county) as { employer: string }[]
      ).map((r) => r.employer),
    );
    const active = (e: RawEmployer) => {
      if (e.registeredOn !== undefined && e.registeredOn > '2025-12-31') return false;
      const last = e.statusHistory.filter((s) => s.from <= '2025-12-31').at(-1);
      if (!last || last.status === 'active') return true;
      if (last.status === 'deregistered') return false;
      return '2025-12-31' <= plusMonths(last.from, 6);
    };
    const cohort = employers.filter((e) => assisted.has(e.creditCode) && active(e));
    return {
      numerator: cohort.filter((e) => declared.has(e.creditCode)).length,
      denominator: cohort.length,
    };
  } finally {
    db.close();
  }
}
