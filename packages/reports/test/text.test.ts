import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderText } from '../src/index.js';
import { HOSTILE, sampleTable } from './fixtures.js';

describe('renderText', () => {
  const table = sampleTable();
  const text = renderText(table, { lang: 'zh', frame: false, maxCellWidth: 24 });
  const lines = text.split('\n');

  it('pads by display width: every right-aligned number ends in the same terminal column', () => {
    const body = lines.slice(2, 2 + HOSTILE.length);
    const ends = body.map((l) => {
      const m = /1,0\d\d/.exec(l)!;
      return stringWidth(l.slice(0, m.index + m[0].length));
    });
    expect(new Set(ends).size).toBe(1);
    // The rule under the header spans the full width of the widest line.
    expect(stringWidth(lines[1]!)).toBe(Math.max(...lines.map((l) => stringWidth(l))));
  });

  it('writes counts with thousands separators, percents once-rounded with %, 是/否, blanks as —', () => {
    expect(lines[2]).toMatch(/1,000\s+86\.5%\s+是\s+2025-12-31$/);
    expect(lines.at(-1)).toMatch(/^合计\s+12,345\s+—\s+—$/);
  });

  it('cuts very long names visibly and keeps emoji and rare CJK', () => {
    const rare = lines.find((l) => l.includes('𠀀'))!;
    expect(rare).toContain('🏭');
    const long = renderText(table, { lang: 'zh', frame: false, maxCellWidth: 10 });
    expect(long).toContain('=HYPERLIN…');
    // Control characters (tab, CR, LF) would break a terminal's columns: written as spaces.
    expect(long).not.toMatch(/[\t\r]/);
    expect(long.split('\n')).toHaveLength(2 + HOSTILE.length + 2);
  });

  it('prints the title block, footnotes and source in the chosen language', () => {
    const framed = renderText(table, { lang: 'en' }).split('\n');
    expect(framed[0]).toBe('附表9  Sample');
    expect(framed[1]).toBe('Reporting unit (stamp):');
    expect(framed.at(-2)).toBe('Note: a sample.');
    expect(framed.at(-1)).toBe('Source: 004 附表3');
  });
});

describe('renderMarkdown', () => {
  const md = renderMarkdown(sampleTable(), { lang: 'zh' });
  const rows = md.split('\n').filter((l) => l.startsWith('|'));

  it('is a GitHub table whose pipes line up in display width; right-aligned numbers', () => {
    const pipes = rows.map((r) => {
      const unescaped = r.replace(/\\\|/g, 'xx');
      return [...unescaped].reduce<number[]>((acc, ch, i, all) => {
        if (ch === '|') acc.push(stringWidth(all.slice(0, i).join('')));
        return acc;
      }, []);
    });
    for (const p of pipes) expect(p).toEqual(pipes[0]);
    expect(rows[1]).toMatch(/^\| -+ \| -+: \| -+: \| -+ \| -+ \|$/);
  });

  it('escapes pipes and HTML; keeps the row count and the heading', () => {
    expect(md.startsWith('### 附表9  样表')).toBe(true);
    expect(md).not.toContain('<script>');
    expect(rows).toHaveLength(2 + HOSTILE.length + 2);
  });
});
