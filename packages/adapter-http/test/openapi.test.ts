import type { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { as, makeApp } from './fixtures.js';
import { initOf, operationsOf, SAMPLES } from './walk.js';

// Routes served outside the document: the document itself and its reference page.
const UNDOCUMENTED = new Set(['get /openapi.json', 'get /docs']);

interface RouteDefinition {
  type: string;
  route: {
    method: string;
    path: string;
    responses: Record<string, { content?: Record<string, { schema: z.ZodType }> }>;
  };
}

describe('the OpenAPI 3.1 document', async () => {
  const { app } = await makeApp();
  const doc = (await (await app.request('/openapi.json')).json()) as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
  };

  it('is OpenAPI 3.1 and lists every route the app serves, and no other', () => {
    expect(doc.openapi).toBe('3.1.0');
    const served = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
        .filter((op) => !UNDOCUMENTED.has(op)),
    );
    expect(served.size).toBeGreaterThan(20);
    expect(new Set(operationsOf(doc))).toEqual(served);
  });

  it('every operation has a sample request in the walk table (scope and hostile tests)', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(operationsOf(doc).sort());
  });

  it('every response of every route matches the schema the route declares for its status', async () => {
    const definitions = (app.openAPIRegistry.definitions as unknown as RouteDefinition[]).filter(
      (d) => d.type === 'route',
    );
    let checked = 0;
    for (const def of definitions) {
      const key = `${def.route.method} ${def.route.path}`;
      const sample = SAMPLES[key]!('own');
      const res = await app.request(sample.url, initOf(sample, as('province')));
      const declared = def.route.responses[String(res.status)];
      expect(declared, `${key} answered ${res.status}, which it does not declare`).toBeDefined();
      const type = (res.headers.get('Content-Type') ?? '').split(';')[0]!;
      if (!type.includes('json')) continue;
      const schema = declared!.content?.[type]?.schema;
      expect(schema, `${key} ${res.status} ${type} has no declared schema`).toBeDefined();
      const body = await res.json();
      const parsed = schema!.safeParse(body);
      expect(parsed.success, `${key}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('problem documents match the declared Problem schema', async () => {
    const res = await app.request('/regions/999999', { headers: as('province') });
    expect(res.status).toBe(403);
    const def = (app.openAPIRegistry.definitions as unknown as RouteDefinition[]).find(
      (d) => d.type === 'route' && d.route.path === '/regions/{code}',
    )!;
    const schema = def.route.responses['403']!.content!['application/problem+json']!.schema;
    expect(schema.safeParse(await res.json()).success).toBe(true);
  });

  it('the reference page is self-contained: no script, no external resource, a CSP that forbids fetching', async () => {
    const res = await app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|href=|url\(|@import/i);
    for (const op of operationsOf(doc)) {
      const [, path] = op.split(' ');
      expect(html).toContain(`<code>${path}</code>`);
    }
  });
});
