import { evaluate, MemoryStore, yongqingFinalEvaluation } from '@occhealth/core';
import { describe, expect, it } from 'vitest';
import {
  type ReportDocument,
  renderDocumentHtml,
  renderDocumentMarkdown,
  selfEvaluationReport,
} from '../src/index.js';
import { HOSTILE } from './fixtures.js';
import { forecastEvaluation, forecastPlan } from './forecast-store.js';

/** Seed 003 附件1 二(一) 正文, copied from the seed: the six sections in order. */
const SEED_BODY = [
  '评估工作总体情况',
  '主要目标指标完成情况',
  '主要任务完成情况',
  '存在问题和困难',
  '工作创新情况',
  '对“十五五”《规划》编制的意见建议',
];

describe('selfEvaluationReport (seed 003 附件1)', async () => {
  const evaluation = await forecastEvaluation('2025-06-30');
  const doc = selfEvaluationReport(evaluation, forecastPlan, { region: '410102' });
  const md = renderDocumentMarkdown(doc);

  it('follows the outline: six body sections in the seed’s order, then the two annexes', () => {
    const headings = doc.sections.map((s) => s.heading.zh);
    expect(headings.slice(0, 6).map((h) => h.replace(/^[一二三四五六]、/, ''))).toEqual(SEED_BODY);
    expect(doc.sections[6]!.sections!.map((s) => s.heading.zh)).toEqual([
      '附件1　定量指标调查表（附表）',
      '附件2　反映《规划》落实成效的相关文件、工作记录等材料',
    ]);
    expect(md).toContain('## 二、主要目标指标完成情况');
    expect(md.startsWith('# 中原区职业病防治规划实施情况自评估报告（草稿）')).toBe(true);
  });

  it('fills section 2 from the evaluation: figure, target, status, gap and forecast', () => {
    // 8 inspections by 06-30 of a quota of 20: 12 short; 8 × 365 / 181 = 16.1 → unlikely.
    expect(md).toContain(
      '检查次数：截至2025-06-30为8次，目标≥20次，未达标；预计年底16次（按时间进度线性推算分子（分母不变）），预计年底难以达到目标，到2025年12月31日还需增加12（检查次数）。',
    );
    // 22 of 24 rectified = 91.66 % (two places, rounded down), held to year end: met.
    expect(md).toContain('问题整改率：截至2025-06-30为91.66%，目标≥90%，达标；预计年底91.66%');
    expect(md).toContain('有目标的2项指标中，达标1项，未达标1项，无数据0项。');
    expect(md).toContain('预计达标1项，有风险0项，预计难以达标1项。');
    const table = doc.sections[1]!.tables![0]!;
    expect(table.rows.map((r) => r.cells.verdict)).toEqual(['预计达标', '预计难以达标']);
  });

  it('gives each lagging indicator its own final-progress section with a placeholder for reasons', () => {
    const lagging = doc.sections[1]!.sections!;
    expect(lagging.map((s) => s.heading.zh)).toEqual(['检查次数：最终进度和滞后原因']);
    expect(lagging[0]!.placeholder?.zh).toContain('滞后原因');
    expect(doc.sections[3]!.items?.map((i) => i.zh)).toEqual([
      '检查次数：未达标，预计年底难以达到目标',
    ]);
  });

  it('leaves the narrative as headed placeholders', () => {
    // sections 1, 3, 4, 5, 6, the lagging indicator, annexes 1 (no survey given) and 2
    expect(md.match(/^> 【待填写】/gm)).toHaveLength(8);
    expect(md).toMatch(/## 五、工作创新情况\n\n> 【待填写】创新性工作及成效/);
  });

  it('renders to a standalone HTML page in English too', () => {
    const html = renderDocumentHtml(doc, { lang: 'en' });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h2>2. Main target indicators</h2>');
    expect(html).toContain('needs 12 more (inspections) by 2025-12-31');
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(html.match(/class="placeholder"/g)).toHaveLength(8);
  });

  it('annex 1 is the survey table when evaluations are given', async () => {
    const store = new MemoryStore();
    await store.write({
      regions: [{ code: '131023', name: { zh: '永清县' }, level: 'county', parent: null }],
    });
    const yongqing = await evaluate({
      plan: yongqingFinalEvaluation,
      region: '131023',
      period: '2025',
      store,
    });
    const withSurvey = selfEvaluationReport(yongqing, yongqingFinalEvaluation, {
      survey: { 2025: yongqing },
    });
    const annex = withSurvey.sections[6]!.sections![0]!;
    expect(annex.placeholder).toBeUndefined();
    expect(annex.tables![0]!.title.zh).toBe('河北职业病防治规划(2021-2025年)定量指标调查表');
    // Yongqing's pack has no targets (the seed gives none): section 2 says so in its count.
    expect(renderDocumentMarkdown(withSurvey)).toContain('有目标的0项指标中');
  });
});

describe('renderDocument*: hostile text', () => {
  const doc: ReportDocument = {
    id: 'x',
    title: { zh: HOSTILE[6] },
    sections: HOSTILE.map((h) => ({
      heading: { zh: h },
      paragraphs: [{ zh: h }],
      placeholder: { zh: h },
    })),
  };
  it('escapes markup in HTML and Markdown and keeps rare characters', () => {
    const html = renderDocumentHtml(doc);
    const md = renderDocumentMarkdown(doc);
    expect(html).not.toContain('<script');
    expect(md).not.toContain('<script');
    expect(html).toContain('𠀀𪚥 生僻字 🏭 emoji 公司');
    expect(md).toContain('𠀀𪚥 生僻字 🏭 emoji 公司');
  });
});
