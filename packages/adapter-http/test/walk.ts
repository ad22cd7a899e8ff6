/**
 * One sample request per operation of the OpenAPI document, aimed either at the caller's own
 * subtree (Qujing 530300) or at a sibling's (Kunming 530100). The scope, hostile-input and
 * schema tests walk this table, and a test fails when an operation of the document has no entry.
 */
import { creditCodeCheckCharacter } from '@occhealth/core';
import { PARTIES, sample, type TokenName } from './fixtures.js';

interface SampleEmployer {
  creditCode: string;
  region: string;
  name: string;
}
interface SampleFact {
  id: string;
  region: string;
  employer?: string;
}

/** Sample employers of the bundled dataset. */
export const EMPLOYERS = JSON.parse(sample('employers')) as SampleEmployer[];
/** Sample facts of the bundled dataset. */
export const FACTS = JSON.parse(sample('facts')) as SampleFact[];

/** Qujing's subtree and the sibling Kunming's. */
export const OWN = { root: '530300', county: '530381' } as const;
export const FOREIGN = { root: '530100', county: '530102' } as const;

const within = (prefix: string) => (code: string) => code.startsWith(prefix);
export const ownEmployer = EMPLOYERS.find((e) => within('5303')(e.region))!;
export const foreignEmployer = EMPLOYERS.find((e) => within('5301')(e.region))!;
export const ownFact = FACTS.find((f) => within('5303')(f.region))!;
export const foreignFact = FACTS.find((f) => within('5301')(f.region))!;

/** A valid new credit code (check digit computed by the core) registered in `region`. */
export function newCreditCode(region: string, serial: number): string {
  const base = `91${region}MA${String(serial).padStart(8, '0')}`.slice(0, 17);
  return base + creditCodeCheckCharacter(base);
}

/** A request: path with query, and init. */
export interface Sample {
  readonly url: string;
  readonly method: string;
  readonly body?: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
  /** Who sends it in the scope and audit walks (default: the Qujing reporter). */
  readonly token?: TokenName;
}

type Target = 'own' | 'foreign';

const employerBody = (region: string, creditCode: string) =>
  JSON.stringify({ creditCode, name: `测试企业${region}`, region, size: 'small' });

const county = (t: Target) => (t === 'own' ? OWN.county : FOREIGN.county);
const reportPath = (t: Target, obligation: string, period: string) =>
  `/submissions/${obligation}/${county(t)}/${period}`;
const post = (url: string, body: unknown, token: TokenName): Sample => ({
  method: 'POST',
  url,
  body: JSON.stringify(body),
  contentType: 'application/json',
  token,
});

/** Workflow and audit samples, aimed at the reports the fixtures seed (see `seedReports`). */
const WORKFLOW: Record<string, (t: Target) => Sample> = {
  'post /submissions': (t) =>
    post(
      '/submissions',
      {
        plan: 'yunnan-sme-assistance',
        obligation: 'yunnan.work-summary',
        region: county(t),
        period: '2025',
        content: { type: 'values', values: [{ dataElement: 'smeAssistedCount', value: '12' }] },
      },
      'xuanwei',
    ),
  'get /submissions': (t) => ({
    method: 'GET',
    url: `/submissions?region=${t === 'own' ? OWN.root : FOREIGN.root}`,
  }),
  'get /submissions/{obligation}/{region}/{period}': (t) => ({
    method: 'GET',
    url: reportPath(t, 'yunnan.plan-and-list', '2025'),
  }),
  'put /submissions/{obligation}/{region}/{period}': (t) => ({
    method: 'PUT',
    url: reportPath(t, 'yunnan.plan-and-list', '2025'),
    body: JSON.stringify({
      content: { type: 'values', values: [{ dataElement: 'smeAssistedCount', value: '7' }] },
    }),
    contentType: 'application/json',
    headers: { 'If-Match': '"v1"' },
    token: 'xuanwei',
  }),
  'post /submissions/{obligation}/{region}/{period}/submit': (t) =>
    post(`${reportPath(t, 'yunnan.progress-table', '2025')}/submit`, {}, 'xuanwei'),
  'post /submissions/{obligation}/{region}/{period}/return': (t) =>
    post(
      `${reportPath(t, 'yunnan.plan-and-list', '2024')}/return`,
      { note: '附表2 缺少企业清单' },
      'qujingApprover',
    ),
  'post /submissions/{obligation}/{region}/{period}/approve': (t) =>
    post(`${reportPath(t, 'yunnan.work-summary', '2024')}/approve`, {}, 'qujingApprover'),
  'post /lock-exceptions': (t) =>
    post(
      '/lock-exceptions',
      {
        obligation: 'yunnan.work-summary',
        region: county(t),
        period: '2024',
        until: '2025-12-31',
        reason: '补报整改数据',
      },
      'qujingAdmin',
    ),
  'get /reporting-rates': (t) => ({
    method: 'GET',
    url: `/reporting-rates?plan=yunnan-sme-assistance&obligation=yunnan.work-summary&region=${t === 'own' ? OWN.root : FOREIGN.root}&period=2024`,
  }),
  'get /audit': (t) => ({
    method: 'GET',
    url: `/audit?region=${t === 'own' ? OWN.root : FOREIGN.root}&limit=1000`,
    token: 'qujingAdmin',
  }),
  'get /audit/verify': (t) => ({
    method: 'GET',
    url: `/audit/verify?region=${t === 'own' ? OWN.root : FOREIGN.root}`,
    token: 'qujingAdmin',
  }),
};

const side = (t: Target) => (t === 'own' ? 0 : 1);
const put = (url: string, body: unknown): Sample => ({
  method: 'PUT',
  url,
  body: JSON.stringify(body),
  contentType: 'application/json',
  headers: { 'If-Match': '"v1"' },
});

/** Institution, department and contact samples, aimed at the fixtures' {@link PARTIES}. */
const PARTY_SAMPLES: Record<string, (t: Target) => Sample> = {
  'get /institutions': (t) => ({
    method: 'GET',
    url: `/institutions?region=${t === 'own' ? OWN.root : FOREIGN.root}`,
  }),
  'post /institutions': (t) =>
    post(
      '/institutions',
      {
        id: `walk-inst-${t}`,
        name: { zh: `测试机构${t}` },
        types: ['health-exam'],
        public: false,
        region: county(t),
      },
      'qujing',
    ),
  'get /institutions/{id}': (t) => ({
    method: 'GET',
    url: `/institutions/${PARTIES.institutions[side(t)].id}`,
  }),
  'put /institutions/{id}': (t) => {
    const r = PARTIES.institutions[side(t)];
    return put(`/institutions/${r.id}`, { ...r, public: false });
  },
  'get /departments': (t) => ({
    method: 'GET',
    url: `/departments?region=${t === 'own' ? OWN.root : FOREIGN.root}`,
  }),
  'post /departments': (t) =>
    post(
      '/departments',
      {
        id: `walk-dept-${t}`,
        name: { zh: `测试部门${t}`, en: `Test department ${t}` },
        region: county(t),
        kind: 'other',
      },
      'qujing',
    ),
  'get /departments/{id}': (t) => ({
    method: 'GET',
    url: `/departments/${PARTIES.departments[side(t)].id}`,
  }),
  'put /departments/{id}': (t) => {
    const r = PARTIES.departments[side(t)];
    return put(`/departments/${r.id}`, { ...r, kind: 'government-department' });
  },
  'get /contacts': (t) => ({
    method: 'GET',
    url: `/contacts?region=${t === 'own' ? OWN.root : FOREIGN.root}`,
  }),
  'post /contacts': (t) => {
    const unit = PARTIES.departments[side(t)];
    return post(
      '/contacts',
      {
        id: `walk-contact-${t}`,
        region: unit.region,
        role: 'form-filler',
        unitKind: 'department',
        unit: unit.id,
        name: '王测试',
        phone: '0874-0000000',
      },
      'qujing',
    );
  },
  'get /contacts/{id}': (t) => ({
    method: 'GET',
    url: `/contacts/${PARTIES.contacts[side(t)].id}`,
  }),
  'put /contacts/{id}': (t) => {
    const r = PARTIES.contacts[side(t)];
    return put(`/contacts/${r.id}`, { ...r, role: 'head' });
  },
};

/** Sample requests by operation (`METHOD /path/{param}` as in the document). */
export const SAMPLES: Record<string, (t: Target) => Sample> = {
  'get /health': () => ({ method: 'GET', url: '/health' }),
  'get /version': () => ({ method: 'GET', url: '/version' }),
  'get /regions': () => ({ method: 'GET', url: '/regions' }),
  'get /regions/{code}': (t) => ({
    method: 'GET',
    url: `/regions/${t === 'own' ? OWN.county : FOREIGN.county}`,
  }),
  'get /regions/{code}/subtree': (t) => ({
    method: 'GET',
    url: `/regions/${t === 'own' ? OWN.root : FOREIGN.root}/subtree`,
  }),
  'get /employers': (t) => ({
    method: 'GET',
    url: `/employers?region=${t === 'own' ? OWN.root : FOREIGN.root}&limit=500`,
  }),
  'post /employers': (t) => {
    const region = t === 'own' ? OWN.county : FOREIGN.county;
    return {
      method: 'POST',
      url: '/employers',
      body: employerBody(region, newCreditCode(region, t === 'own' ? 1 : 2)),
      contentType: 'application/json',
    };
  },
  'get /employers/{creditCode}': (t) => ({
    method: 'GET',
    url: `/employers/${(t === 'own' ? ownEmployer : foreignEmployer).creditCode}`,
  }),
  'put /employers/{creditCode}': (t) => {
    const e = t === 'own' ? ownEmployer : foreignEmployer;
    return {
      method: 'PUT',
      url: `/employers/${e.creditCode}`,
      body: JSON.stringify({ ...e, name: `${e.name}（改）` }),
      contentType: 'application/json',
      headers: { 'If-Match': '"v1"' },
    };
  },
  'post /facts': (t) => {
    const e = t === 'own' ? ownEmployer : foreignEmployer;
    return {
      method: 'POST',
      url: '/facts',
      body: JSON.stringify({
        id: `walk-declaration-${t}`,
        kind: 'declaration',
        region: e.region,
        employer: e.creditCode,
        date: '2025-05-01',
      }),
      contentType: 'application/json',
    };
  },
  'get /facts/{id}': (t) => ({
    method: 'GET',
    url: `/facts/${(t === 'own' ? ownFact : foreignFact).id}`,
  }),
  'post /data-values': (t) => ({
    method: 'POST',
    url: '/data-values',
    body: JSON.stringify({
      dataElement: 'workInjuryInsuredPersons',
      region: t === 'own' ? OWN.root : FOREIGN.root,
      period: '2025',
      value: '1200',
    }),
    contentType: 'application/json',
  }),
  'get /data-values': (t) => ({
    method: 'GET',
    url: `/data-values?region=${t === 'own' ? OWN.root : FOREIGN.root}`,
  }),
  'post /imports/{kind}': (t) => {
    const region = t === 'own' ? OWN.county : FOREIGN.county;
    return {
      method: 'POST',
      url: '/imports/employers',
      body: `creditCode,name,region,size\n${newCreditCode(region, t === 'own' ? 3 : 4)},导入企业,${region},micro\n`,
      contentType: 'text/csv',
    };
  },
  'get /plans': () => ({ method: 'GET', url: '/plans' }),
  'get /plans/{id}': () => ({ method: 'GET', url: '/plans/yunnan-sme-assistance' }),
  'get /plans/{id}/indicators': () => ({
    method: 'GET',
    url: '/plans/yunnan-sme-assistance/indicators',
  }),
  'get /plans/{id}/targets': () => ({ method: 'GET', url: '/plans/yunnan-sme-assistance/targets' }),
  'get /plans/{id}/allocations': () => ({
    method: 'GET',
    url: '/plans/yunnan-sme-assistance/allocations',
  }),
  'get /plans/{id}/checklists': () => ({
    method: 'GET',
    url: '/plans/yunnan-sme-assistance/checklists',
  }),
  'get /plans/{id}/forms': () => ({ method: 'GET', url: '/plans/yunnan-sme-assistance/forms' }),
  'get /evaluate': (t) => ({
    method: 'GET',
    url: `/evaluate?plan=yunnan-sme-assistance&region=${t === 'own' ? OWN.root : FOREIGN.root}&period=2025`,
  }),
  'get /explain': (t) => ({
    method: 'GET',
    url: `/explain?plan=yunnan-sme-assistance&indicator=declarationRate&region=${t === 'own' ? OWN.county : FOREIGN.county}&period=2025`,
  }),
  'get /reconcile': (t) => ({
    method: 'GET',
    url: `/reconcile?plan=national-14th-fyp&region=${t === 'own' ? OWN.root : FOREIGN.root}&period=2025`,
  }),
  'get /obligations': (t) => ({
    method: 'GET',
    url: `/obligations?region=${t === 'own' ? OWN.root : FOREIGN.root}&from=2025-01-01&to=2025-12-31`,
  }),
  'get /reports/{template}': (t) => ({
    method: 'GET',
    url: `/reports/evaluation?format=csv&plan=yunnan-sme-assistance&region=${t === 'own' ? OWN.root : FOREIGN.root}&period=2025`,
  }),
  ...WORKFLOW,
  ...PARTY_SAMPLES,
};

/** Operations of an OpenAPI document, as `method /path`. */
export function operationsOf(doc: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => `${method} ${path}`),
  );
}

/** Build the Request init of a sample. */
export function initOf(s: Sample, headers: Record<string, string>): RequestInit {
  return {
    method: s.method,
    headers: {
      ...headers,
      ...(s.contentType ? { 'Content-Type': s.contentType } : {}),
      ...(s.headers ?? {}),
    },
    ...(s.body !== undefined ? { body: s.body } : {}),
  };
}
