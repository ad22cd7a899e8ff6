/**
 * @module docs-page
 * The API reference page at `/docs`: rendered on the server from the OpenAPI document, one
 * self-contained HTML file with no script and no external resource (a CSP forbids any fetch), so
 * it works on an intranet with no internet.
 */

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

interface Operation {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  tags?: string[];
}

/** The CSP of the page: nothing may load, inline styles only. */
export const DOCS_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** Render the reference page of an OpenAPI document. */
export function renderDocsPage(doc: {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
}): string {
  const rows: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op.parameters ?? [])
        .map(
          (p) => `<code>${esc(p.name)}</code>${p.required ? '*' : ''} <small>${esc(p.in)}</small>`,
        )
        .join(', ');
      rows.push(
        `<tr><td><b>${esc(method.toUpperCase())}</b></td><td><code>${esc(path)}</code></td>` +
          `<td>${esc(op.summary ?? '')}${op.description ? `<br><small>${esc(op.description)}</small>` : ''}</td>` +
          `<td>${params}</td></tr>`,
      );
    }
  }
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${DOCS_CSP}">
<title>${esc(doc.info.title)} ${esc(doc.info.version)}</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2rem;max-width:70rem}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}
code{font-size:.9em}</style></head>
<body><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${esc(doc.info.description ?? '')}</p>
<p>机器可读的接口定义 · Machine-readable definition: <code>GET /openapi.json</code> (OpenAPI 3.1)</p>
<table><thead><tr><th>方法 Method</th><th>路径 Path</th><th>说明 Summary</th><th>参数 Parameters (* required)</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></body></html>`;
}
