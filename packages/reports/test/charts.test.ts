import { ValidationError } from '@occhealth/core';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  completenessChart,
  rankingChart,
  renderHtml,
  STATUS_COLOURS,
  submissionStatus,
  trendChart,
} from '../src/index.js';
import { HOSTILE } from './fixtures.js';

const size = (svg: string) => {
  const m = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!;
  return { width: Number(m[1]), height: Number(m[2]) };
};
const count = (svg: string, re: RegExp) => svg.match(re)?.length ?? 0;

describe('rankingChart', () => {
  // Seed-style figures: 1953 of 2257 declared is 86.5 %; 2782 of 2782 is 100 %.
  const bars = [
    { label: '曲靖市', value: new Decimal(1953).div(2257).times(100) },
    { label: '昆明市', value: new Decimal(2782).div(2782).times(100) },
    { label: '玉溪市', value: new Decimal(70) },
    { label: '保山市', value: new Decimal(70) },
  ];
  const svg = rankingChart('申报率（%）', bars, { target: 90 });

  it('draws one bar per region, sorted by value, ties sharing a rank', () => {
    expect(count(svg, /<rect /g)).toBe(4);
    const labels = [...svg.matchAll(/text-anchor="end">([^<]*)</g)].map((m) => m[1]);
    expect(labels).toEqual(['1. 昆明市', '2. 曲靖市', '3. 玉溪市', '3. 保山市']);
  });

  it('shows the exact values to one decimal, colours met and not met against the target', () => {
    expect(svg).toContain('>86.5<');
    expect(svg).toContain('>100<');
    expect(count(svg, /class="met"/g)).toBe(1);
    expect(count(svg, /class="not-met"/g)).toBe(3);
    expect(count(svg, /class="target"/g)).toBe(1);
    expect(svg).toContain('<desc>1. 昆明市: 100 / 90; 2. 曲靖市: 86.5 / 90; 3. 玉溪市: 70 / 90');
  });

  it('places the target line at 90 % of the plot (independent geometry)', () => {
    // left 180 + 90/100 of 400.
    expect(svg).toContain('x1="540.0"');
  });

  it('grows 24 px per region and escapes hostile names', () => {
    const hostile = rankingChart(
      '<script>t</script>',
      HOSTILE.map((label, i) => ({ label, value: i })),
    );
    expect(size(hostile).height - size(svg).height).toBe((HOSTILE.length - 4) * 24);
    expect(hostile).not.toContain('<script');
    expect(hostile).toContain('&lt;script&gt;');
  });

  it('always lists bars in non-increasing order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 20 }), (values) => {
        const out = rankingChart(
          't',
          values.map((v, i) => ({ label: `r${i}`, value: new Decimal(v).div(10) })),
          { decimals: 1 },
        );
        const shown = [...out.matchAll(/<text x="[\d.]+" y="\d+">([\d.]+)</g)].map((m) =>
          Number(m[1]),
        );
        expect(shown).toEqual([...values].map((v) => v / 10).sort((a, b) => b - a));
      }),
    );
  });

  it('rejects a non-finite value with a ValidationError naming the row', () => {
    const e = (() => {
      try {
        rankingChart('t', [
          { label: 'a', value: 1 },
          { label: 'b', value: Number.NaN },
        ]);
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).issues[0]).toMatchObject({ row: 2, rule: 'chart.value' });
  });
});

describe('trendChart', () => {
  const points = [
    { year: 2021, value: new Decimal('62.25') },
    { year: 2022, value: new Decimal(70) },
    { year: 2023, value: null },
    { year: 2024, value: new Decimal('88.04') },
    { year: 2025, value: new Decimal(95) },
  ];
  const svg = trendChart('昆明市 职业病危害申报率', points, { target: 90 });

  it('labels every present point exactly and leaves the missing year as a gap, not a zero', () => {
    expect(count(svg, /class="point"/g)).toBe(4);
    expect(svg).toContain('>62.3<');
    expect(svg).toContain('>88<');
    expect(count(svg, /class="missing"/g)).toBe(1);
    // Two segments: 2021–2022, then a new move for 2024–2025; no point at y of zero (240).
    const d = /<path d="([^"]+)"/.exec(svg)![1]!;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/L/g)).toHaveLength(2);
    expect(d).not.toContain(' 240.0');
    expect(svg).toContain('2023: —');
  });

  it('draws the target line at 90 of 100 (independent geometry)', () => {
    // top 40 + 200 − 0.9 × 200 = 60.
    expect(svg).toMatch(/y1="60.0" y2="60.0"[^>]*class="target"/);
  });

  it('puts every year on the axis, grows with the years, escapes the title', () => {
    for (const y of [2021, 2022, 2023, 2024, 2025]) expect(svg).toContain(`>${y}<`);
    const long = trendChart('<b>x</b>', [], { years: [2016, 2017, 2018, 2019, 2020, 2021, 2022] });
    expect(size(long).width - size(svg).width).toBe(2 * 90);
    expect(long).not.toContain('<b>');
    expect(long).not.toContain('<path');
  });

  it('rejects a year off the axis or given twice', () => {
    expect(() => trendChart('t', [{ year: 2030, value: 1 }])).toThrow(ValidationError);
    expect(() =>
      trendChart('t', [
        { year: 2021, value: 1 },
        { year: 2021, value: 2 },
      ]),
    ).toThrow(/chart.year-unique/);
  });
});

describe('completenessChart', () => {
  // Deadlines and submission dates: the statuses come from submissionStatus(), as callers do.
  const today = '2025-07-20';
  const deadlines = ['2025-01-15', '2025-04-15', '2025-07-15', '2025-10-15'];
  const grid = {
    obligations: ['一季度', '二季度', '三季度', '四季度'],
    regions: [
      { label: '昆明市', dates: ['2025-01-10', '2025-04-20', undefined, undefined] },
      { label: '<script>x</script>', dates: ['2025-01-15', undefined, '2025-07-15', undefined] },
    ].map((r) => ({
      label: r.label,
      statuses: deadlines.map((d, j) => submissionStatus(d, r.dates[j], today)),
    })),
  };
  const svg = completenessChart('报送情况', grid, { lang: 'zh' });

  it('draws one coloured cell per region × obligation with the status from the dates', () => {
    expect(count(svg, /class="cell /g)).toBe(8);
    expect(count(svg, /class="cell on-time"/g)).toBe(3);
    expect(count(svg, /class="cell late"/g)).toBe(1);
    expect(count(svg, /class="cell missing"/g)).toBe(2);
    expect(count(svg, /class="cell due"/g)).toBe(2);
    expect(svg).toContain(`fill="${STATUS_COLOURS.late}" class="cell late"`);
    expect(svg).toContain('<desc>昆明市: 一季度 按时, 二季度 逾期, 三季度 未报, 四季度 待报;');
  });

  it('has a legend of the four statuses and escapes names', () => {
    expect(count(svg, /class="legend"/g)).toBe(4);
    for (const t of ['按时', '逾期', '未报', '待报']) expect(svg).toContain(t);
    expect(svg).not.toContain('<script');
  });

  it('grows with regions (height) and obligations (width)', () => {
    const big = completenessChart('t', {
      obligations: Array.from({ length: 20 }, (_, i) => `事项${i}`),
      regions: Array.from({ length: 5 }, (_, i) => ({
        label: `地区${i}`,
        statuses: Array.from({ length: 20 }, () => 'due' as const),
      })),
    });
    expect(size(big).height - size(svg).height).toBe(3 * 28);
    expect(size(big).width).toBe(150 + 20 * 28 + 100);
  });

  it('rejects a row whose statuses do not match the obligations, in Chinese and English', () => {
    let error: unknown;
    try {
      completenessChart('t', {
        obligations: ['a', 'b'],
        regions: [{ label: 'r', statuses: ['due'] }],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.message).toMatch(/^row 1: statuses: .*\[chart.grid-width\]/);
    expect(v.messageZh).toMatch(/^第 1 行：statuses：每个地区须对每项报送事项给出一个状态/);
  });

  it('rejects an unknown status, even an inherited property name', () => {
    for (const bad of ['done', 'toString'])
      expect(() =>
        completenessChart('t', {
          obligations: ['a'],
          regions: [{ label: 'r', statuses: [bad as 'due'] }],
        }),
      ).toThrow(/chart.status/);
  });

  it('embeds in the HTML report', () => {
    expect(renderHtml([], { charts: [svg] })).toContain('<figure><svg');
  });
});
