import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PLANS } from './index.js';
import { PACK_CALENDAR, PACK_UNIT_RULES, packTable, packTables } from './table.js';

const DOCS = fileURLToPath(new URL('../../../../docs/packs/', import.meta.url));

describe("docs/packs: the official's check", () => {
  it.each([...packTables()])('%s is committed and equals the code', (file, text) => {
    expect(existsSync(`${DOCS}${file}`), `run pnpm --filter @occhealth/core packs:docs`).toBe(true);
    expect(readFileSync(`${DOCS}${file}`, 'utf8')).toBe(text);
  });

  it('has one page per pack and no stale page', () => {
    const pages = readdirSync(DOCS).filter((f) => f.endsWith('.md') && f !== 'README.md');
    expect(pages.sort()).toEqual(PLANS.map((p) => `${p.id}.md`).sort());
  });

  it('lists every target, obligation and allocation row with its clause', () => {
    for (const plan of PLANS) {
      const page = packTable(plan);
      const rows = page.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));
      const cal = PACK_CALENDAR[plan.id] ?? { phases: [], notes: [] };
      const notCounted = new Map(
        plan.indicators
          .filter((i) => i.units?.notCounted?.length)
          .map((i) => [i.units!.notCounted!.join(','), i.units!.notCounted!.length]),
      );
      const sections = [
        plan.indicators.length,
        PACK_UNIT_RULES[plan.id]?.length ?? 0,
        ...notCounted.values(),
        plan.targets.length,
        plan.allocations.reduce((n, a) => n + a.rows.length, 0),
        plan.obligations.length,
        cal.phases.length,
        cal.notes.length,
      ];
      // One header row per non-empty section, then one row per entry.
      const expected = sections.reduce((n, k) => n + k + (k > 0 ? 1 : 0), 0);
      expect(rows.length, plan.id).toBe(expected);
      for (const o of plan.obligations) expect(page, o.id).toContain(`| ${o.id} |`);
      for (const t of plan.targets) expect(page).toContain(`${t.comparator} ${t.value}`);
      // every indicator's units and forecast methods are on its row
      for (const i of plan.indicators) {
        const row = rows.find((r) => r.startsWith(`| ${i.id} |`));
        expect(row, i.id).toContain(
          i.units ? (i.units.own?.[0]?.region ?? 'not counted') : '| tree |',
        );
        expect(row, i.id).toContain((i.forecast?.methods ?? ['']).join(' → '));
      }
    }
    // the Henan zones not counted are listed by name
    const henan = packTable(PLANS.find((p) => p.id === 'henan-three-actions')!);
    expect(henan).toContain('| 410171 | 郑州经济技术开发区 |');
    expect(henan).not.toContain('| 410173 | 郑州航空港经济综合实验区 |');
  });
});
