/**
 * @module charts
 * Inline SVG charts for {@link renderHtml}, in the style of `progressChart`: pure functions of
 * the caller's figures returning one `<svg>` string, every text escaped, the CJK font stack, a
 * `<title>` and `<desc>` listing every figure as the text alternative, and a size that grows with
 * the data. Values are `Decimal` (or number) as published; the label shows them exactly, cut to
 * `decimals` places half-up only when they carry more.
 */
import { issue, type RoundingMode, ValidationError, type ValidationIssue } from '@occhealth/core';
import { Decimal } from 'decimal.js';
import { shown, TARGET_TEXT } from './format.js';
import { escapeHtml, FONT } from './html.js';
import { type Lang, textIn } from './model.js';
import { SUBMISSION_STATUS_TEXT, type SubmissionStatus } from './templates/calendar.js';

/** One bar of {@link rankingChart}: a sibling region's value (and its own target, if any). */
export interface RankingBar {
  /** Region name. */
  readonly label: string;
  /** Value (e.g. a rate in percent). */
  readonly value: Decimal | number;
  /** This region's target, overriding the chart's common target. */
  readonly target?: Decimal | number;
}

/** Options of {@link rankingChart} and {@link trendChart}. */
export interface ChartOptions {
  /** The target, drawn as a line across the chart. */
  readonly target?: Decimal | number;
  /** Decimal places shown at most: pass the indicator's (`result.decimals`); default 1. */
  readonly decimals?: number;
  /** Rounding of the shown values: pass the indicator's (`result.rounding`); default half-up. */
  readonly rounding?: RoundingMode;
  /** Language of the chart's own words (target, …) in labels and text alternative (default `both`). */
  readonly lang?: Lang;
}

/** One point of {@link trendChart}: a plan year's value, or `null` when the year has no figure. */
export interface TrendPoint {
  /** Year, e.g. 2023. */
  readonly year: number;
  /** Value, or `null` (missing: drawn as a gap, never as zero). */
  readonly value: Decimal | number | null;
}

/** Options of {@link trendChart}. */
export interface TrendOptions extends ChartOptions {
  /** The years on the axis (default the plan years 2021–2025). */
  readonly years?: readonly number[];
}

/** Input of {@link completenessChart}: regions × obligations, each cell a submission status. */
export interface CompletenessGrid {
  /** Obligation labels (the grid's columns). */
  readonly obligations: readonly string[];
  /** One row per region; `statuses[i]` is the status of `obligations[i]`. */
  readonly regions: readonly {
    readonly label: string;
    readonly statuses: readonly SubmissionStatus[];
  }[];
}

/** Options of {@link completenessChart}. */
export interface CompletenessOptions {
  /** Language of the legend and text alternative (default `both`). */
  readonly lang?: Lang;
}

/** Fill colours of the submission statuses in {@link completenessChart}. */
export const STATUS_COLOURS: Record<SubmissionStatus, string> = {
  'on-time': '#2e7d32',
  late: '#f9a825',
  missing: '#c62828',
  due: '#bdbdbd',
};

/** Glyphs drawn in each cell so the grid reads without colour. */
const STATUS_GLYPHS: Record<SubmissionStatus, string> = {
  'on-time': '✓',
  late: '!',
  missing: '✗',
  due: '…',
};

const MET = '#2e7d32';
const NOT_MET = '#c62828';

function cut(s: string, n: number): string {
  return [...s].length > n ? `${[...s].slice(0, n - 1).join('')}…` : s;
}

function checkValue(
  issues: ValidationIssue[],
  path: string,
  value: unknown,
  row: number | undefined,
): void {
  const ok =
    (typeof value === 'number' && Number.isFinite(value)) ||
    (Decimal.isDecimal(value) && (value as Decimal).isFinite());
  if (!ok)
    issues.push(
      issue(
        path,
        value,
        'chart.value',
        'a chart value must be a finite number or Decimal',
        '图表数值必须为有限的数字或 Decimal',
        row,
      ),
    );
}

function svgOpen(width: number, height: number, title: string, desc: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeHtml(FONT)}" font-size="12">`,
    `<title>${escapeHtml(title)}</title><desc>${escapeHtml(desc)}</desc>`,
    `<text x="0" y="16" font-weight="bold">${escapeHtml(title)}</text>`,
  ].join('\n');
}

/**
 * Sibling regions ranked: horizontal bars sorted by value (highest first; ties share a rank and
 * keep their input order), the target drawn as a line, each bar green when it meets its target
 * and red when not. The height grows with the number of regions. Throws a `ValidationError`
 * naming the row of a non-finite value.
 * @example rankingChart('申报率', [{ label: '昆明市', value: new Decimal('94.5') }], { target: 90 })
 */
export function rankingChart(
  title: string,
  bars: readonly RankingBar[],
  options: ChartOptions = {},
): string {
  const issues: ValidationIssue[] = [];
  bars.forEach((b, i) => {
    checkValue(issues, 'value', b.value, i + 1);
    if (b.target !== undefined) checkValue(issues, 'target', b.target, i + 1);
  });
  if (options.target !== undefined) checkValue(issues, 'options.target', options.target, undefined);
  if (issues.length > 0) throw new ValidationError(issues);
  const decimals = options.decimals ?? 1;
  const rounding = options.rounding ?? 'half-up';
  const sorted = bars
    .map((b, i) => ({ ...b, value: new Decimal(b.value), i }))
    .sort((a, b) => b.value.comparedTo(a.value) || a.i - b.i);
  const ranks = sorted.map((b) => 1 + sorted.filter((o) => o.value.gt(b.value)).length);
  const bar = 18;
  const gap = 6;
  const left = 180;
  const plot = 400;
  const top = 28;
  const height = top + sorted.length * (bar + gap) + 10;
  const width = left + plot + 60;
  const common = options.target === undefined ? undefined : new Decimal(options.target);
  const max = Decimal.max(
    100,
    common ?? 0,
    ...sorted.map((b) => Decimal.max(b.value, b.target ?? 0)),
  ).toNumber();
  const x = (v: Decimal | number) => left + (new Decimal(v).toNumber() / max) * plot;
  const desc = sorted
    .map((b, k) => {
      const target = b.target ?? common;
      return `${ranks[k]}. ${b.label}: ${shown(b.value, decimals, rounding)}${target === undefined ? '' : ` / ${shown(target, decimals, rounding)}`}`;
    })
    .join('; ');
  const rows = sorted.map((b, k) => {
    const y = top + k * (bar + gap);
    const target = b.target === undefined ? common : new Decimal(b.target);
    const met = target === undefined || b.value.gte(target);
    return [
      `<text x="${left - 6}" y="${y + bar - 5}" text-anchor="end">${escapeHtml(`${ranks[k]}. ${cut(b.label, 16)}`)}</text>`,
      `<rect x="${left}" y="${y}" width="${Math.max(0, x(b.value) - left).toFixed(1)}" height="${bar}" fill="${met ? MET : NOT_MET}" class="${met ? 'met' : 'not-met'}"/>`,
      `<text x="${(x(b.value) + 4).toFixed(1)}" y="${y + bar - 5}">${shown(b.value, decimals, rounding)}</text>`,
      b.target === undefined
        ? ''
        : `<line x1="${x(b.target).toFixed(1)}" x2="${x(b.target).toFixed(1)}" y1="${y - 2}" y2="${y + bar + 2}" stroke="#000" stroke-width="2" class="target"/>`,
    ].join('');
  });
  const line =
    common === undefined
      ? ''
      : `<line x1="${x(common).toFixed(1)}" x2="${x(common).toFixed(1)}" y1="${top - 4}" y2="${height - 6}" stroke="#000" stroke-width="2" stroke-dasharray="4 2" class="target"/>`;
  return [svgOpen(width, height, title, desc), ...rows, line, '</svg>'].join('\n');
}

/**
 * One indicator of one region over the plan years (default 2021–2025): a line through the years
 * that have a figure, each point labelled with its value, a year without a figure drawn as a gap
 * in the line (labelled —, never plotted as zero), and the target as a dashed line. The width
 * grows with the number of years. Throws a `ValidationError` for a year off the axis, a year given
 * twice or a non-finite value.
 * @example trendChart('昆明市 申报率', [{ year: 2021, value: 80 }, { year: 2022, value: null }], { target: 90 })
 */
export function trendChart(
  title: string,
  points: readonly TrendPoint[],
  options: TrendOptions = {},
): string {
  const years = options.years ?? [2021, 2022, 2023, 2024, 2025];
  const issues: ValidationIssue[] = [];
  const byYear = new Map<number, Decimal | null>();
  points.forEach((p, i) => {
    if (!years.includes(p.year))
      issues.push(
        issue(
          'year',
          p.year,
          'chart.year',
          'the year is not on the axis',
          '该年份不在坐标轴上',
          i + 1,
        ),
      );
    else if (byYear.has(p.year))
      issues.push(
        issue('year', p.year, 'chart.year-unique', 'the year is given twice', '年份重复', i + 1),
      );
    if (p.value !== null) checkValue(issues, 'value', p.value, i + 1);
    byYear.set(p.year, p.value === null ? null : new Decimal(p.value));
  });
  if (options.target !== undefined) checkValue(issues, 'options.target', options.target, undefined);
  if (issues.length > 0) throw new ValidationError(issues);
  const decimals = options.decimals ?? 1;
  const rounding = options.rounding ?? 'half-up';
  const targetWord = textIn(TARGET_TEXT, options.lang ?? 'both');
  const target = options.target === undefined ? undefined : new Decimal(options.target);
  const left = 40;
  const step = 90;
  const top = 40;
  const plot = 200;
  const width = left + years.length * step + 20;
  const height = top + plot + 40;
  const values = [...byYear.values()].filter((v): v is Decimal => v !== null);
  const max = Decimal.max(100, target ?? 0, ...values).toNumber();
  const xOf = (k: number) => left + step / 2 + k * step;
  const yOf = (v: Decimal) => top + plot - (v.toNumber() / max) * plot;
  let d = '';
  let drawing = false;
  const marks: string[] = [];
  years.forEach((year, k) => {
    const v = byYear.get(year);
    const x = xOf(k).toFixed(1);
    marks.push(`<text x="${x}" y="${top + plot + 18}" text-anchor="middle">${year}</text>`);
    if (v === undefined || v === null) {
      drawing = false;
      marks.push(
        `<text x="${x}" y="${top + plot - 4}" text-anchor="middle" class="missing">—</text>`,
      );
      return;
    }
    const y = yOf(v).toFixed(1);
    d += `${drawing ? 'L' : 'M'}${x} ${y} `;
    drawing = true;
    marks.push(
      `<circle cx="${x}" cy="${y}" r="4" fill="${target === undefined || v.gte(target) ? MET : NOT_MET}" class="point"/>`,
      `<text x="${x}" y="${(yOf(v) - 8).toFixed(1)}" text-anchor="middle">${shown(v, decimals, rounding)}</text>`,
    );
  });
  const desc = years
    .map((year) => {
      const v = byYear.get(year);
      return `${year}: ${v === undefined || v === null ? '—' : shown(v, decimals, rounding)}`;
    })
    .join('; ');
  const axis = `<line x1="${left}" x2="${width - 20}" y1="${top + plot}" y2="${top + plot}" stroke="#000"/>`;
  const line =
    target === undefined
      ? ''
      : `<line x1="${left}" x2="${width - 20}" y1="${yOf(target).toFixed(1)}" y2="${yOf(target).toFixed(1)}" stroke="#000" stroke-width="1.5" stroke-dasharray="4 2" class="target"/><text x="${left}" y="${(yOf(target) - 4).toFixed(1)}">${escapeHtml(targetWord)} ${shown(target, decimals, rounding)}</text>`;
  const path =
    d === ''
      ? ''
      : `<path d="${d.trim()}" fill="none" stroke="#1565c0" stroke-width="2" class="trend"/>`;
  return [
    svgOpen(
      width,
      height,
      title,
      `${desc}${target === undefined ? '' : `; ${targetWord} ${shown(target, decimals, rounding)}`}`,
    ),
    axis,
    line,
    path,
    ...marks,
    '</svg>',
  ].join('\n');
}

/**
 * Reporting completeness: regions (rows) × obligations (columns), each cell coloured on time,
 * late, missing or not yet due (with a glyph, so it reads in black and white) and a legend. Feed
 * it with `submissionStatus()` per region and obligation instance. Width grows with the
 * obligations, height with the regions. Throws a `ValidationError` naming the row whose statuses
 * do not match the obligations.
 * @example completenessChart('报送情况', { obligations: ['季报'], regions: [{ label: '昆明市', statuses: ['late'] }] })
 */
export function completenessChart(
  title: string,
  grid: CompletenessGrid,
  options: CompletenessOptions = {},
): string {
  const lang = options.lang ?? 'both';
  const issues: ValidationIssue[] = [];
  grid.regions.forEach((r, i) => {
    if (r.statuses.length !== grid.obligations.length)
      issues.push(
        issue(
          'statuses',
          r.statuses.length,
          'chart.grid-width',
          `a region needs one status per obligation (${grid.obligations.length})`,
          `每个地区须对每项报送事项给出一个状态（${grid.obligations.length} 个）`,
          i + 1,
        ),
      );
    r.statuses.forEach((s, j) => {
      if (!Object.hasOwn(STATUS_COLOURS, s))
        issues.push(
          issue(
            `statuses[${j}]`,
            s,
            'chart.status',
            'a status must be due, on-time, late or missing',
            '状态必须为待报、按时、逾期或未报',
            i + 1,
          ),
        );
    });
  });
  if (issues.length > 0) throw new ValidationError(issues);
  const cell = 28;
  const left = 150;
  const top = 120;
  const legend = 30;
  const width = Math.max(left + grid.obligations.length * cell + 100, 480);
  const height = top + grid.regions.length * cell + legend + 10;
  const heads = grid.obligations.map((o, j) => {
    const x = left + j * cell + cell / 2;
    return `<text x="${x}" y="${top - 6}" transform="rotate(-45 ${x} ${top - 6})">${escapeHtml(cut(o, 12))}</text>`;
  });
  const cells = grid.regions.flatMap((r, i) => {
    const y = top + i * cell;
    return [
      `<text x="${left - 6}" y="${y + cell / 2 + 4}" text-anchor="end">${escapeHtml(cut(r.label, 16))}</text>`,
      ...r.statuses.map((s, j) => {
        const x = left + j * cell;
        return `<rect x="${x + 1}" y="${y + 1}" width="${cell - 2}" height="${cell - 2}" fill="${STATUS_COLOURS[s]}" class="cell ${s}"/><text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" fill="#fff">${STATUS_GLYPHS[s]}</text>`;
      }),
    ];
  });
  const ly = top + grid.regions.length * cell + 18;
  const keys = Object.keys(STATUS_COLOURS) as SubmissionStatus[];
  const legendItems = keys.map((s, k) => {
    const x = k * 120;
    return `<rect x="${x}" y="${ly - 11}" width="14" height="14" fill="${STATUS_COLOURS[s]}" class="legend"/><text x="${x + 18}" y="${ly}">${STATUS_GLYPHS[s]} ${escapeHtml(textIn(SUBMISSION_STATUS_TEXT[s], lang))}</text>`;
  });
  const desc = grid.regions
    .map(
      (r) =>
        `${r.label}: ${r.statuses.map((s, j) => `${grid.obligations[j]} ${textIn(SUBMISSION_STATUS_TEXT[s], lang)}`).join(', ')}`,
    )
    .join('; ');
  return [svgOpen(width, height, title, desc), ...heads, ...cells, ...legendItems, '</svg>'].join(
    '\n',
  );
}
