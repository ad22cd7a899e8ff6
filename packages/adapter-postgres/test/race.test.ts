/**
 * @module test/race
 * Two connections writing into one new report scope at once. Neither scope row exists yet, so
 * `FOR UPDATE` locks nothing; without the store's advisory lock per (region, period) both writers
 * plan against an empty scope and data lands in a period the other writer just approved.
 */
import {
  createSubmission,
  PeriodLockedError,
  type SubmissionRecord,
  transition,
} from '@occhealth/core';
import { buildStoreFixture } from '@occhealth/core/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../src/index.js';
import { scopeLockKey } from '../src/postgres-store.js';
import { freshStore, PG_URL, withPostgres } from './pg.js';

/** An approved quarterly report of `region`, 2025Q1, covering data element `insured`. */
function approvedReport(region: string): SubmissionRecord {
  let s = createSubmission({
    id: `x.quarterly|${region}|2025Q1`,
    obligationId: 'x.quarterly',
    region,
    period: '2025Q1',
    reporter: { id: 'rep', role: 'reporter', level: 'county' },
    approvalChain: ['prefecture'],
    on: '2025-03-01',
  });
  s = transition(s, 'submit', {
    actor: { id: 'rep', role: 'reporter', level: 'county' },
    on: '2025-03-02',
  });
  s = transition(s, 'approve', {
    actor: { id: 'apr', role: 'approver', level: 'prefecture' },
    on: '2025-03-03',
  });
  return {
    ...(s as SubmissionRecord),
    deadline: '2025-03-31',
    dataElements: ['insured'],
    childrenRequired: false,
  };
}

describe('scope lock keys', () => {
  it('are 32-bit integers that differ by schema and by scope', () => {
    const a = scopeLockKey('"a"', '530102|2025Q1');
    expect(Number.isInteger(a) && a >= -(2 ** 31) && a < 2 ** 31).toBe(true);
    expect(scopeLockKey('"a"', '530102|2025Q1')).toBe(a);
    expect(scopeLockKey('"b"', '530102|2025Q1')).not.toBe(a);
    expect(scopeLockKey('"a"', '530102|2025Q2')).not.toBe(a);
  });
});

withPostgres(() => {
  const pool = new pg.Pool({ connectionString: PG_URL, max: 6 });
  afterAll(() => pool.end());

  /** Wait until `n` backends other than `holder` wait on a lock (heavyweight or advisory). */
  async function waiters(n: number): Promise<void> {
    for (let i = 0; i < 400; i++) {
      const { rows } = await pool.query(
        "SELECT count(*)::integer AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query NOT LIKE '%pg_stat_activity%'",
      );
      if (rows[0].n >= n) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`fewer than ${n} writers ever waited on a lock`);
  }

  describe('PostgreSQL report-scope race', () => {
    it('approving a new report and writing its data at once: the data write sees the approval', async () => {
      const now = () => new Date('2025-03-20T02:00:00Z');
      const f = buildStoreFixture();
      const a = await freshStore({ now });
      await a.write({ regions: f.regions });
      const schema = a.schema.slice(1, -1);
      const b = await openPostgresStore({ pool, schema, now });
      // Hold the audit lock so both writers get through their reads before either commits.
      const holder = await pool.connect();
      let approving: Promise<unknown> | undefined;
      let writing: Promise<unknown> | undefined;
      try {
        await holder.query(`BEGIN; LOCK TABLE ${a.schema}.audit IN EXCLUSIVE MODE`);
        approving = a.write({ submissions: [approvedReport('530102')] });
        await waiters(1);
        writing = b
          .write({
            dataValues: [
              { dataElement: 'insured', region: '530102', period: '2025Q1', value: '5' },
            ],
          })
          .catch((e: unknown) => e);
        await waiters(2);
      } finally {
        await holder.query('ROLLBACK');
        holder.release();
      }
      await approving;
      const error = await writing;
      expect(error).toBeInstanceOf(PeriodLockedError);
      expect(error).toMatchObject({ details: { rule: 'submission.locked-approved' } });
      const { rows } = await pool.query(
        `SELECT count(*)::integer AS n FROM ${a.schema}.data_values`,
      );
      expect(rows[0].n).toBe(0);
      expect(await b.get('submissions', 'x.quarterly|530102|2025Q1')).toMatchObject({
        state: 'approved',
      });
    });
  });
});
