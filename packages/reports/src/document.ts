/**
 * @module document
 * A report document (a draft an official completes): headed sections of paragraphs, lists, tables
 * and placeholders for the narrative only people can write, rendered to Markdown and to one
 * standalone, printable HTML file.
 */
import { escapeHtml, htmlDocument, tableHtml } from './html.js';
import { type Lang, type SourceCitation, type Table, type Text, textIn } from './model.js';
import { escapeMarkdown, renderMarkdown } from './text.js';

/** One section of a {@link ReportDocument}. */
export interface DocumentSection {
  /** Heading, e.g. 二、主要目标指标完成情况. */
  readonly heading: Text;
  /** Paragraphs filled in from the data. */
  readonly paragraphs?: readonly Text[];
  /** A bulleted list. */
  readonly items?: readonly Text[];
  /** Tables, in order. */
  readonly tables?: readonly Table[];
  /** Narrative left to the author: printed as a marked placeholder under the heading. */
  readonly placeholder?: Text;
  /** Sub-sections. */
  readonly sections?: readonly DocumentSection[];
}

/** A report document. */
export interface ReportDocument {
  /** Stable id. */
  readonly id: string;
  /** Title. */
  readonly title: Text;
  /** Lines under the title (region, reference date, draft notice). */
  readonly lines?: readonly Text[];
  /** The body, in order. */
  readonly sections: readonly DocumentSection[];
  /** The seed whose outline the document follows. */
  readonly source?: SourceCitation;
}

/** Options of {@link renderDocumentMarkdown} and {@link renderDocumentHtml}. */
export interface DocumentOptions {
  /** Language of the text (default `zh`, the language the report is filed in). */
  readonly lang?: Lang;
}

const PLACEHOLDER = { zh: '【待填写】', en: '[to be written]' } as const;
const SOURCE = { zh: '依据', en: 'Following' } as const;

function sourceText(doc: ReportDocument, lang: Lang): string | undefined {
  if (!doc.source) return undefined;
  return `${textIn(SOURCE, lang)}: ${[doc.source.doc, doc.source.clause].filter(Boolean).join(' ')}`;
}

function sectionMarkdown(s: DocumentSection, depth: number, lang: Lang): string[] {
  const out = [`${'#'.repeat(Math.min(depth, 6))} ${escapeMarkdown(textIn(s.heading, lang))}`, ''];
  for (const p of s.paragraphs ?? []) out.push(escapeMarkdown(textIn(p, lang)), '');
  if (s.items?.length) {
    for (const i of s.items) out.push(`- ${escapeMarkdown(textIn(i, lang))}`);
    out.push('');
  }
  for (const t of s.tables ?? []) out.push(renderMarkdown(t, { lang }), '');
  if (s.placeholder)
    out.push(
      `> ${escapeMarkdown(`${textIn(PLACEHOLDER, lang)}${textIn(s.placeholder, lang)}`)}`,
      '',
    );
  for (const sub of s.sections ?? []) out.push(...sectionMarkdown(sub, depth + 1, lang));
  return out;
}

/**
 * A document as GitHub Markdown: `#` title, `##` sections, tables through `renderMarkdown`,
 * placeholders as quoted 【待填写】 lines; every text escaped.
 * @example
 * ```ts check
 * import { writeFileSync } from 'node:fs';
 * declare const plan: Plan;
 * declare const evaluation: Evaluation; // from evaluate()
 * writeFileSync('自评估报告.md', renderDocumentMarkdown(selfEvaluationReport(evaluation, plan)));
 * ```
 */
export function renderDocumentMarkdown(doc: ReportDocument, options: DocumentOptions = {}): string {
  const lang = options.lang ?? 'zh';
  const out = [`# ${escapeMarkdown(textIn(doc.title, lang))}`, ''];
  for (const l of doc.lines ?? []) out.push(`${escapeMarkdown(textIn(l, lang))}  `);
  if (doc.lines?.length) out.push('');
  for (const s of doc.sections) out.push(...sectionMarkdown(s, 2, lang));
  const source = sourceText(doc, lang);
  if (source) out.push(`*${escapeMarkdown(source)}*`);
  return `${out.join('\n').trimEnd()}\n`;
}

function sectionHtml(s: DocumentSection, depth: number, lang: Lang): string {
  const h = `h${Math.min(depth, 6)}`;
  return [
    '<section class="doc">',
    `<${h}>${escapeHtml(textIn(s.heading, lang))}</${h}>`,
    ...(s.paragraphs ?? []).map((p) => `<p>${escapeHtml(textIn(p, lang))}</p>`),
    ...(s.items?.length
      ? [`<ul>${s.items.map((i) => `<li>${escapeHtml(textIn(i, lang))}</li>`).join('')}</ul>`]
      : []),
    ...(s.tables ?? []).map((t) => tableHtml(t, lang)),
    ...(s.placeholder
      ? [
          `<p class="placeholder">${escapeHtml(`${textIn(PLACEHOLDER, lang)}${textIn(s.placeholder, lang)}`)}</p>`,
        ]
      : []),
    ...(s.sections ?? []).map((sub) => sectionHtml(sub, depth + 1, lang)),
    '</section>',
  ].join('\n');
}

/**
 * A document as one standalone HTML file (the same page as `renderHtml`: no script, no network,
 * A4, the CJK font stack), placeholders in dashed boxes; every text escaped.
 * @example
 * ```ts check
 * import { writeFileSync } from 'node:fs';
 * declare const plan: Plan;
 * declare const evaluation: Evaluation; // from evaluate()
 * writeFileSync('自评估报告.html', renderDocumentHtml(selfEvaluationReport(evaluation, plan)));
 * ```
 */
export function renderDocumentHtml(doc: ReportDocument, options: DocumentOptions = {}): string {
  const lang = options.lang ?? 'zh';
  const title = textIn(doc.title, lang);
  const source = sourceText(doc, lang);
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    ...(doc.lines ?? []).map((l) => `<p class="header-line">${escapeHtml(textIn(l, lang))}</p>`),
    ...doc.sections.map((s) => sectionHtml(s, 2, lang)),
    ...(source ? [`<p class="note">${escapeHtml(source)}</p>`] : []),
  ].join('\n');
  return htmlDocument(title, lang, body);
}
