/**
 * Shared fixtures: the bundled Yunnan sample (3 prefectures, 7 counties) in a MemoryStore or a
 * SQLite file, tokens for the province, a prefecture, its sibling and a county, and a fixed
 * China-time clock.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type Actor,
  actOnReport,
  MemoryStore,
  openReport,
  PLANS,
  type Store,
  type WriteBatch,
} from '@occhealth/core';
import { importText } from '@occhealth/import';
import { type AppOptions, createApp, hashToken, staticTokens } from '../src/index.js';

const sampleDir = fileURLToPath(new URL('../../../examples/data/yunnan-sample/', import.meta.url));

/** The sample file of one kind. */
export const sample = (kind: 'regions' | 'employers' | 'facts') =>
  readFileSync(`${sampleDir}${kind}.json`, 'utf8');

/** Tokens by name and the principal each maps to. */
export const TOKENS = {
  province: { id: 'yn-admin', region: '530000', role: 'admin' },
  kunming: { id: 'km-reporter', region: '530100', role: 'reporter' },
  qujing: { id: 'qj-reporter', region: '530300', role: 'reporter' },
  qujingViewer: { id: 'qj-viewer', region: '530300', role: 'viewer' },
  wuhua: { id: 'wh-reporter', region: '530102', role: 'reporter' },
  xuanwei: { id: 'xw-reporter', region: '530381', role: 'reporter' },
  qujingApprover: { id: 'qj-approver', region: '530300', role: 'approver' },
  qujingAdmin: { id: 'qj-admin', region: '530300', role: 'admin' },
} as const;

/** A token name. */
export type TokenName = keyof typeof TOKENS;

/** The token string of a name. */
export const token = (name: keyof typeof TOKENS) => `token-${name}-0123456789`;

/** A static-token config of {@link TOKENS}. */
export async function tokenConfig() {
  return {
    tokens: await Promise.all(
      Object.entries(TOKENS).map(async ([name, p]) => ({
        ...p,
        sha256: await hashToken(token(name as keyof typeof TOKENS)),
      })),
    ),
  };
}

/** Load the sample into a store. */
export async function loadSample(store: Store): Promise<void> {
  for (const kind of ['regions', 'employers', 'facts'] as const) {
    await importText(store, sample(kind), { kind, format: 'json' });
  }
}

/** Today in the tests (China time), whatever the machine's clock and zone. */
export const TODAY = '2025-06-15';

/** The obligations of the seeded reports (Yunnan plan). */
const yunnan = PLANS.find((p) => p.id === 'yunnan-sme-assistance')!;
const obligation = (id: string) => yunnan.obligations.find((o) => o.id === id)!;

/**
 * Seed reports of the counties Xuanwei (530381, own) and Wuhua (530102, the sibling), one per
 * workflow route: a draft to save, a draft to submit, a submitted report to return and one to
 * approve. `yunnan.work-summary` 2025 is left for `POST /submissions` to create.
 */
export async function seedReports(store: Store): Promise<void> {
  for (const reporter of [TOKENS.xuanwei, TOKENS.wuhua] as Actor[]) {
    const open = (id: string, period: string) =>
      openReport(
        store,
        {
          obligation: obligation(id),
          region: reporter.region,
          period,
          approvalChain: ['prefecture'],
          on: '2025-06-01',
        },
        { actor: reporter },
      );
    await open('yunnan.plan-and-list', '2025');
    await open('yunnan.progress-table', '2025');
    for (const [id, period] of [
      ['yunnan.plan-and-list', '2024'],
      ['yunnan.work-summary', '2024'],
    ] as const) {
      const draft = await open(id, period);
      await actOnReport(store, draft.id, 'submit', { on: '2025-06-02' }, { actor: reporter });
    }
  }
}

/** Registry parties of Qujing (own) and of the sibling Kunming, one of each kind per side. */
export const PARTIES = {
  institutions: [
    {
      id: 'qj-cdc',
      name: { zh: '曲靖市疾病预防控制中心' },
      types: ['cdc', 'health-exam'],
      public: true,
      region: '530300',
    },
    {
      id: 'km-cdc',
      name: { zh: '昆明市疾病预防控制中心' },
      types: ['cdc'],
      public: true,
      region: '530100',
    },
  ],
  departments: [
    {
      id: 'xw-health-bureau',
      name: { zh: '宣威市卫生健康局', en: 'Xuanwei Health Bureau' },
      region: '530381',
      kind: 'joint-meeting-member',
    },
    {
      id: 'wh-health-bureau',
      name: { zh: '五华区卫生健康局', en: 'Wuhua Health Bureau' },
      region: '530102',
      kind: 'joint-meeting-member',
    },
  ],
  contacts: [
    {
      id: 'xw-liaison-1',
      region: '530381',
      role: 'liaison',
      unitKind: 'department',
      unit: 'xw-health-bureau',
      name: '张晓明',
      phone: '0874-7123456',
      email: 'zhangxm@xw.example.cn',
    },
    {
      id: 'wh-liaison-1',
      region: '530102',
      role: 'liaison',
      unitKind: 'department',
      unit: 'wh-health-bureau',
      name: '李红梅',
      phone: '0871-5123456',
      email: 'lihm@wh.example.cn',
    },
  ],
} as const;

/** Write {@link PARTIES}. */
export async function seedParties(store: Store): Promise<void> {
  await store.write(structuredClone(PARTIES) as unknown as WriteBatch);
}

/** An app over a loaded MemoryStore. */
export async function makeApp(extra: Partial<AppOptions> = {}) {
  const store = extra.store ?? new MemoryStore();
  if (!extra.store) {
    await loadSample(store);
    await seedReports(store);
    await seedParties(store);
  }
  const app = createApp({
    store,
    auth: staticTokens(await tokenConfig()),
    clock: () => TODAY,
    rateLimit: false,
    ...extra,
  });
  return { app, store };
}

/** Headers of a request as `name`. */
export const as = (name: TokenName, more: Record<string, string> = {}) => ({
  Authorization: `Bearer ${token(name)}`,
  ...more,
});

/** Everything a store holds, as one string, to prove a request wrote nothing. */
export async function snapshot(store: Store): Promise<string> {
  const tree = await store.regionTree();
  return JSON.stringify([
    tree?.all() ?? [],
    await store.listEmployers(),
    await store.listFacts(),
    await store.listDataValues(),
    (await store.page('submissions', { limit: 10_000 })).items,
    (await store.page('lockExceptions', { limit: 10_000 })).items,
    (await store.page('institutions', { limit: 10_000 })).items,
    (await store.page('departments', { limit: 10_000 })).items,
    (await store.page('contacts', { limit: 10_000 })).items,
  ]);
}
