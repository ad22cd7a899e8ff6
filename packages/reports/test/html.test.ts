import { describe, expect, it } from 'vitest';
import { escapeHtml, progressChart, renderHtml } from '../src/index.js';
import { HOSTILE, sampleTable } from './fixtures.js';

describe('renderHtml', () => {
  const bars = HOSTILE.map((label, i) => ({ label, value: 80 + i, target: 90 }));
  const html = renderHtml([sampleTable(), sampleTable()], {
    lang: 'zh',
    charts: [progressChart('申报率 <b>', bars)],
  });

  it('escapes every hostile name in table cells and SVG text: no markup gets through', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;有限公司');
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
  });

  it('loads nothing: no script, no src or href, a CSP that forbids fetching', () => {
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(html).toContain("default-src 'none'");
  });

  it('keeps emoji and rare CJK, repeats the header via thead, breaks the page between tables', () => {
    expect(html).toContain('𠀀𪚥 生僻字 🏭 emoji 公司');
    expect(html.match(/<thead>/g)).toHaveLength(2);
    expect(html).toContain('<th colspan="3" scope="col">工作开展情况</th>');
    expect(html).toContain('<th rowspan="2" scope="col">企业名称</th>');
    expect(html).toContain('break-before: page');
    expect(html).toContain('size: A4');
  });

  it('sizes the chart by its data and gives a text alternative; cuts long names visibly', () => {
    const one = progressChart('t', bars.slice(0, 1));
    const height = (svg: string) => Number(/height="(\d+)"/.exec(svg)![1]);
    expect(height(progressChart('t', bars)) - height(one)).toBe((bars.length - 1) * 24);
    expect(one).toMatch(
      /<desc>=HYPERLINK\(&quot;http:\/\/evil\.example&quot;,&quot;点我&quot;\): 80 \/ 90<\/desc>/,
    );
    expect(progressChart('t', bars).match(/class="target"/g)).toHaveLength(bars.length);
    // 15 characters and an ellipsis.
    expect(one).toContain('>=HYPERLINK(&quot;htt…<');
  });
});
