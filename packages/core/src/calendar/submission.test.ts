import { describe, expect, it } from 'vitest';
import { ForbiddenError, PeriodLockedError, ValidationError } from '../errors/index.js';
import {
  assertWritable,
  createSubmission,
  grantLockException,
  isLocked,
  type SubmissionActor,
  transition,
} from './submission.js';

const reporter: SubmissionActor = { id: 'u-twp', role: 'reporter', level: 'township' };
const county: SubmissionActor = { id: 'u-county', role: 'approver', level: 'county' };
const prefecture: SubmissionActor = { id: 'u-pref', role: 'approver', level: 'prefecture' };
const province: SubmissionActor = { id: 'u-prov', role: 'approver', level: 'province' };
const admin: SubmissionActor = { id: 'u-admin', role: 'admin', level: 'province' };

const draft = () =>
  createSubmission({
    id: 's1',
    obligationId: 'henan.db-supplement-quarterly',
    region: '410102',
    period: '2025Q1',
    reporter,
    approvalChain: ['county', 'prefecture', 'province'],
    on: '2025-03-20',
  });

describe('submission state machine', () => {
  it('submits, returns, resubmits and approves level by level', () => {
    const s0 = draft();
    const s1 = transition(s0, 'submit', { actor: reporter, on: '2025-03-25' });
    expect(s0.state).toBe('draft'); // not mutated
    expect(s1).toMatchObject({ state: 'submitted', awaiting: 0, firstSubmittedOn: '2025-03-25' });
    const s2 = transition(s1, 'approve', { actor: county, on: '2025-03-26' });
    expect(s2).toMatchObject({ state: 'submitted', awaiting: 1 });
    const s3 = transition(s2, 'return', {
      actor: prefecture,
      on: '2025-03-27',
      note: '数据不完整',
    });
    expect(s3).toMatchObject({ state: 'returned', awaiting: 0 });
    const s4 = transition(s3, 'submit', { actor: reporter, on: '2025-04-02' });
    expect(s4).toMatchObject({
      state: 'submitted',
      awaiting: 0,
      firstSubmittedOn: '2025-03-25',
      lastSubmittedOn: '2025-04-02',
    });
    const s5 = transition(
      transition(transition(s4, 'approve', { actor: county, on: '2025-04-03' }), 'approve', {
        actor: prefecture,
        on: '2025-04-04',
      }),
      'approve',
      { actor: province, on: '2025-04-05' },
    );
    expect(s5.state).toBe('approved');
    expect(s5.history.map((h) => h.action)).toEqual([
      'create',
      'submit',
      'approve',
      'return',
      'submit',
      'approve',
      'approve',
      'approve',
    ]);
  });

  it('rejects illegal transitions with rule submission.transition', () => {
    const s0 = draft();
    for (const action of ['approve', 'return', 'reopen'] as const) {
      try {
        transition(s0, action, { actor: admin, on: '2025-03-21', note: 'x' });
        throw new Error('expected an error');
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).details.rule).toBe('submission.transition');
      }
    }
    const s1 = transition(s0, 'submit', { actor: reporter, on: '2025-03-25' });
    expect(() => transition(s1, 'submit', { actor: reporter, on: '2025-03-25' })).toThrow(
      /submission.transition/,
    );
  });

  it('refuses the wrong approver, a return without a reason, a date going backwards', () => {
    const s1 = transition(draft(), 'submit', { actor: reporter, on: '2025-03-25' });
    expect(() => transition(s1, 'approve', { actor: prefecture, on: '2025-03-26' })).toThrow(
      ForbiddenError,
    );
    expect(() => transition(s1, 'approve', { actor: reporter, on: '2025-03-26' })).toThrow(
      ForbiddenError,
    );
    expect(() => transition(s1, 'return', { actor: county, on: '2025-03-26' })).toThrow(
      /submission.reason-required/,
    );
    expect(() => transition(s1, 'approve', { actor: county, on: '2025-03-24' })).toThrow(
      /submission.date-order/,
    );
  });

  it('rejects an approval chain that does not go up', () => {
    expect(() =>
      createSubmission({
        id: 's',
        obligationId: 'o',
        region: 'r1',
        period: '2025',
        reporter,
        approvalChain: ['province', 'county'],
        on: '2025-01-01',
      }),
    ).toThrow(/submission.approval-chain/);
  });
});

describe('locking', () => {
  const target = { obligationId: 'o', period: '2025Q1', region: '410102', deadline: '2025-03-30' };
  it('locks approved reports and expired periods; an admin exception unlocks until its date', () => {
    expect(isLocked({ ...target, state: 'approved' }, '2025-04-01')).toBe(true);
    expect(isLocked({ ...target, state: 'submitted' }, '2025-12-31')).toBe(false); // no expiry by default
    expect(isLocked({ ...target, expiryDays: 15 }, '2025-04-14')).toBe(false);
    expect(isLocked({ ...target, expiryDays: 15 }, '2025-04-15')).toBe(true);
    const ex = grantLockException(admin, {
      obligationId: 'o',
      period: '2025Q1',
      region: '410102',
      until: '2025-04-30',
      reason: '补报',
    });
    expect(isLocked({ ...target, expiryDays: 15 }, '2025-04-20', [ex])).toBe(false);
    expect(isLocked({ ...target, expiryDays: 15 }, '2025-05-01', [ex])).toBe(true);
    expect(() => assertWritable({ ...target, state: 'approved' }, '2025-04-01')).toThrow(
      PeriodLockedError,
    );
  });
  it('only an admin grants exceptions; a submit on an expired period is refused', () => {
    expect(() =>
      grantLockException(county, {
        obligationId: 'o',
        period: '2025Q1',
        region: 'r',
        until: '2025-04-30',
        reason: 'x',
      }),
    ).toThrow(ForbiddenError);
    const lock = { deadline: '2025-03-30', expiryDays: 10 };
    expect(() =>
      transition(draft(), 'submit', { actor: reporter, on: '2025-04-10', lock }),
    ).toThrow(PeriodLockedError);
    expect(transition(draft(), 'submit', { actor: reporter, on: '2025-04-09', lock }).state).toBe(
      'submitted',
    );
  });
  it('an admin reopens an approved report with a reason', () => {
    let s = transition(draft(), 'submit', { actor: reporter, on: '2025-03-25' });
    s = { ...s, approvalChain: ['county'] };
    s = transition(s, 'approve', { actor: county, on: '2025-03-26' });
    expect(s.state).toBe('approved');
    expect(() => transition(s, 'reopen', { actor: county, on: '2025-03-27', note: 'x' })).toThrow(
      ForbiddenError,
    );
    expect(
      transition(s, 'reopen', { actor: admin, on: '2025-03-27', note: '更正数据' }).state,
    ).toBe('returned');
  });
});
