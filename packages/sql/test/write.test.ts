/**
 * @module test/write
 * The write glue both SQL stores share, driven with canned rows: which reads a batch asks for and
 * in which order, that the plan is made against the rows answered (a stale expected version is a
 * conflict, a stored row an update), and the restore check's refusal of a non-empty target.
 */
import { ConflictError, RECORD_KINDS, StoreError } from '@occhealth/core';
import { buildStoreFixture } from '@occhealth/core/testing';
import { describe, expect, it } from 'vitest';
import {
  type KeyedRow,
  type Rendered,
  restoreTargetEmpty,
  runSync,
  type WriteRead,
  writeSteps,
} from '../src/index.js';

const fx = buildStoreFixture();
const machinery = fx.employers.find((e) => e.creditCode === fx.codes.wuhuaMachinery)!;
const now = new Date('2025-07-01T02:00:00Z');

/** Run the glue, answering each read from `answer`, and record the reads. */
function drive(batch: Parameters<typeof writeSteps>[0], answer: (r: WriteRead) => KeyedRow[]) {
  const reads: WriteRead[] = [];
  const planned = runSync(
    writeSteps(batch, {}, () => now),
    (r) => {
      reads.push(r);
      return answer(r);
    },
  );
  return { reads, planned };
}

const row = (key: string, record: unknown, version: number): KeyedRow => ({
  key,
  record: JSON.stringify(record),
  version,
});

describe('writeSteps', () => {
  it('reads the referred region for share and the written employer for update, then plans an insert', () => {
    const county = fx.regions.find((r) => r.code === machinery.region)!;
    const { reads, planned } = drive({ employers: [machinery] }, (r) =>
      r.read === 'keys' && r.kind === 'regions' ? [row(county.code, county, 3)] : [],
    );
    expect(reads).toEqual([
      { read: 'keys', kind: 'regions', keys: ['530102'], written: new Set() },
      {
        read: 'keys',
        kind: 'employers',
        keys: [fx.codes.wuhuaMachinery],
        written: new Set([fx.codes.wuhuaMachinery]),
      },
    ]);
    expect(planned.plan.employers.map((o) => [o.op, o.key])).toEqual([
      ['insert', fx.codes.wuhuaMachinery],
    ]);
    expect(planned.existing.regions.get('530102')?.version).toBe(3);
    expect(planned.now).toBe(now);
  });

  it('plans against the rows answered: a stored employer is updated, a stale expected version conflicts', () => {
    const county = fx.regions.find((r) => r.code === machinery.region)!;
    const answer = (r: WriteRead) =>
      r.read === 'keys' && r.kind === 'regions'
        ? [row(county.code, county, 1)]
        : r.read === 'keys' && r.kind === 'employers'
          ? [row(machinery.creditCode, { ...machinery, employees: 10 }, 4)]
          : [];
    const { planned } = drive({ employers: [machinery] }, answer);
    expect(planned.plan.employers.map((o) => [o.op, o.record.version])).toEqual([['update', 5]]);
    expect(() => drive({ employers: [{ ...machinery, expectedVersion: 3 }] }, answer)).toThrow(
      ConflictError,
    );
  });

  it('a region write reads every region once instead of its keys', () => {
    const { reads, planned } = drive({ regions: fx.regions.slice(0, 2) }, () => []);
    expect(reads).toEqual([{ read: 'allRegions' }]);
    expect(planned.plan.regions.map((o) => [o.op, o.record.code])).toEqual([
      ['insert', '530000'],
      ['insert', '530100'],
    ]);
  });
});

describe('restoreTargetEmpty', () => {
  it('checks every record table and the audit table, and names the first that holds a row', () => {
    const seen: Rendered[] = [];
    runSync(restoreTargetEmpty('test'), (s) => {
      seen.push(s);
      return [];
    });
    expect(seen.map((s) => s.text)).toEqual([
      ...Object.values(RECORD_KINDS).map((k) => `SELECT 1 FROM ${k.table} LIMIT 1`),
      'SELECT 1 FROM audit LIMIT 1',
    ]);
    expect(seen.every((s) => s.values.length === 0)).toBe(true);
    const full = (table: string) => (s: Rendered) => (s.text.includes(` ${table} `) ? [{}] : []);
    expect(() => runSync(restoreTargetEmpty('test'), full('facts'))).toThrow(StoreError);
    expect(() => runSync(restoreTargetEmpty('test'), full('facts'))).toThrow(/facts|事实/);
    expect(() => runSync(restoreTargetEmpty('test'), full('audit'))).toThrow(/audit entries/);
  });
});
