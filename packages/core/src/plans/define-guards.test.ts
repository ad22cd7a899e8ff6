import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { definePlan } from './define.js';
import {
  henanThreeActions,
  national14thFyp,
  yaohai2025,
  yongqingFinalEvaluation,
  yunnanSmeAssistance,
} from './index.js';

const label = { zh: '率', en: 'Rate' };
const base = { id: 'p', label, source: { doc: 'test' } };
const rate = (numerator: unknown) => ({
  id: 'r',
  label,
  kind: 'count',
  unit: label,
  aggregation: 'sum',
  numerator,
});

function errorOf(f: () => unknown): ValidationError {
  try {
    f();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('definePlan guards', () => {
  it('the five shipped packs still pass', () => {
    for (const p of [
      henanThreeActions,
      national14thFyp,
      yaohai2025,
      yongqingFinalEvaluation,
      yunnanSmeAssistance,
    ])
      expect(() => definePlan(p as never)).not.toThrow();
  });

  it('refuses own units on a distinct count, and a region both own and not counted (issue 9 units)', () => {
    const distinct = errorOf(() =>
      definePlan({
        ...base,
        indicators: [
          {
            ...rate({ op: 'count-facts', kind: 'guidance', distinct: 'employer' }),
            units: { own: [{ region: '410173', level: 'prefecture' }] },
          },
        ],
      } as never),
    );
    expect(distinct.details).toMatchObject({
      path: 'indicators.0.units.own',
      rule: 'indicator.units-additive',
    });
    const both = errorOf(() =>
      definePlan({
        ...base,
        indicators: [
          {
            ...rate({ op: 'count-employers' }),
            units: { own: [{ region: '410173', level: 'prefecture' }], notCounted: ['410173'] },
          },
        ],
      } as never),
    );
    expect(both.details).toMatchObject({
      path: 'indicators.0.units.own.0.region',
      value: '410173',
      rule: 'indicator.units-disjoint',
    });
    // the same own unit on an additive count is accepted
    expect(() =>
      definePlan({
        ...base,
        indicators: [
          {
            ...rate({ op: 'count-employers' }),
            units: { own: [{ region: '410173', level: 'prefecture' }] },
          },
        ],
      } as never),
    ).not.toThrow();
  });

  it('validates the forecast methods a pack chooses: known, each once', () => {
    const unknown = errorOf(() =>
      definePlan({
        ...base,
        indicators: [{ ...rate({ op: 'count-employers' }), forecast: { methods: ['cubic'] } }],
      } as never),
    );
    expect(unknown.details).toMatchObject({
      path: 'indicators.0.forecast.methods.0',
      value: 'cubic',
    });
    const twice = errorOf(() =>
      definePlan({
        ...base,
        indicators: [
          { ...rate({ op: 'count-employers' }), forecast: { methods: ['linear', 'linear'] } },
        ],
      } as never),
    );
    expect(twice.details).toMatchObject({
      path: 'indicators.0.forecast.methods',
      rule: 'indicator.forecast-methods-unique',
    });
  });

  it('refuses a data element the plan does not declare, at the path of the reference', () => {
    const e = errorOf(() =>
      definePlan({
        ...base,
        indicators: [rate({ op: 'add', terms: [{ op: 'data-element', id: 'ghost' }] })],
      } as never),
    );
    expect(e.details).toMatchObject({
      path: 'indicators.0.numerator.terms.0.id',
      value: 'ghost',
      rule: 'plan.unknown-data-element',
    });
  });

  it('refuses a self-referencing expression with a ValidationError, not a RangeError', () => {
    const add: { op: 'add'; terms: unknown[] } = { op: 'add', terms: [] };
    add.terms.push(add);
    const e = errorOf(() => definePlan({ ...base, indicators: [rate(add)] } as never));
    expect(e.details).toMatchObject({
      path: 'plan.indicators.0.numerator.terms.0',
      rule: 'input.cycle',
    });
  });

  it('refuses a 200,000-deep expression with a ValidationError, not a RangeError', () => {
    let expr: unknown = { op: 'count-employers' };
    for (let i = 0; i < 200_000; i++) expr = { op: 'add', terms: [expr] };
    const e = errorOf(() => definePlan({ ...base, indicators: [rate(expr)] } as never));
    expect(e.details.rule).toBe('input.too-deep');
  });

  it('reports an unknown field at its own path', () => {
    const e = errorOf(() => definePlan({ ...base, colour: 'red' } as never));
    expect(e.details).toMatchObject({
      path: 'colour',
      value: 'red',
      rule: 'schema.unrecognized_keys',
    });
  });

  it('refuses a target of an unknown indicator at its path', () => {
    const e = errorOf(() =>
      definePlan({
        ...base,
        targets: [
          { indicator: 'nope', comparator: '>=', value: '1', period: '2025', source: { doc: 't' } },
        ],
      } as never),
    );
    expect(e.details).toMatchObject({
      path: 'targets.0.indicator',
      rule: 'plan.unknown-indicator',
    });
  });
});
