/**
 * @module release/typedoc-plugin
 * The API reference's two house rules, as a typedoc plugin (loaded by the root `typedoc.json`):
 *
 * - **Domains, not kinds.** A package's exports are put into categories by the folder (or file) of
 *   `src/` that defines them, so `@occhealth/core`'s ~400 exports read as regions, employers, facts,
 *   indicators, targets, evaluation, calendars, stores, plans… An explicit `@category` tag wins.
 * - **Every interface member is described.** typedoc's own `requiredToBeDocumented: ["Property"]`
 *   also demands a comment on each field of every inferred object type (a zod schema's shape, an
 *   options literal), thousands of names no reader looks up; this check asks it of the members of
 *   exported interfaces and classes only (not of a library's class a package re-exports, such as
 *   decimal.js's `Decimal`), and reports each gap as a warning (the build treats
 *   warnings as errors), with no exceptions.
 * - **Every function and class has an `@example`.** An exported function or class of a package
 *   (not `@internal`, not a library's class it re-exports) without one is reported the same way.
 */
import { Application, Converter, ReflectionCategory, ReflectionKind } from 'typedoc';

/** Category titles by package, then by the first segment of the defining file's path under `src/`. */
const TITLES = {
  '@occhealth/core': {
    region: 'Regions · 行政区划',
    'regions-cn': 'Regions · 行政区划',
    employer: 'Employers · 用人单位',
    facts: 'Facts · 事实记录',
    data: 'Data values · 数据值',
    period: 'Periods · 统计期',
    date: 'Dates · 日期',
    indicator: 'Indicators · 指标',
    target: 'Targets · 目标',
    evaluate: 'Evaluation · 评估',
    expression: 'Expressions · 表达式',
    calendar: 'Calendars · 报送时限',
    store: 'Stores · 存储',
    plans: 'Policy packs · 政策包',
    errors: 'Errors · 错误',
    testing: 'Testing · 测试',
    demo: 'Demo data · 演示数据',
  },
  '@occhealth/reports': {
    model: 'Table model · 表格模型',
    document: 'Documents · 报表文档',
    templates: 'Templates · 报表模板',
    format: 'Formatting · 格式化',
    charts: 'Charts · 图表',
    csv: 'Renderers · 渲染器',
    html: 'Renderers · 渲染器',
    text: 'Renderers · 渲染器',
    xlsx: 'Renderers · 渲染器',
  },
  '@occhealth/cli': {
    commands: 'Commands · 命令',
    program: 'Program · 程序入口',
    context: 'Command context · 命令上下文',
  },
};

/** Where a library's export re-exported by a package goes (`Decimal` from decimal.js). */
const REEXPORTS = 'Re-exports · 再导出';

/** Packages with fewer top-level exports than this keep typedoc's grouping by kind. */
const MIN_EXPORTS = 30;

/** @param {{ packageName: string; packagePath: string } | undefined} id where the export is defined */
function titleOf(id) {
  if (!id) return undefined;
  if (!id.packageName.startsWith('@occhealth/')) return REEXPORTS;
  const segment = /^src\/([^/]+?)(?:\.ts|\/|$)/.exec(id.packagePath)?.[1];
  if (!segment || segment === 'index') return undefined;
  return TITLES[id.packageName]?.[segment] ?? segment.replace(/^./, (c) => c.toUpperCase());
}

/**
 * Whether a reflection's comment, or one of its signatures', has a block tag.
 * @param {import('typedoc').Reflection} r
 * @param {string} tag
 */
function hasTag(r, tag) {
  const comments = [
    r.comment,
    ...(r.isDeclaration() ? r.getNonIndexSignatures() : []).map((s) => s.comment),
  ];
  return comments.some((c) => c?.blockTags.some((t) => t.tag === tag));
}

/** @param {import('typedoc').Reflection} r */
function described(r) {
  if (r.hasComment()) return true;
  if (!r.isDeclaration()) return false;
  return [
    ...r.getNonIndexSignatures(),
    ...(r.getSignature ? [r.getSignature] : []),
    ...(r.setSignature ? [r.setSignature] : []),
  ].some((s) => s.hasComment());
}

/** @param {Application} app */
export function load(app) {
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      const project = context.project;
      const containers = [project, ...project.getReflectionsByKind(ReflectionKind.SomeModule)];
      for (const module of containers) {
        if (!module.children || module.children.length < MIN_EXPORTS) continue;
        if (module.children.some((c) => hasTag(c, '@category'))) continue;
        /** @type {Map<string, ReflectionCategory>} */
        const byTitle = new Map();
        for (const child of module.childrenIncludingDocuments ?? module.children) {
          const title = titleOf(project.getSymbolIdFromReflection(child)) ?? 'Other · 其他';
          if (!byTitle.has(title)) byTitle.set(title, new ReflectionCategory(title));
          byTitle.get(title).children.push(child);
        }
        const order = [
          ...new Set(Object.values(TITLES).flatMap((t) => Object.values(t))),
          REEXPORTS,
        ];
        module.categories = [...byTitle.values()].sort((a, b) => {
          const [x, y] = [order.indexOf(a.title), order.indexOf(b.title)];
          return (
            (x < 0 ? order.length : x) - (y < 0 ? order.length : y) ||
            a.title.localeCompare(b.title)
          );
        });
        for (const c of module.categories) c.children.sort((a, b) => a.name.localeCompare(b.name));
      }
    },
    -300,
  );

  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    if (!app.options.getValue('validation').notDocumented) return;
    for (const callable of project.getReflectionsByKind(
      ReflectionKind.Function | ReflectionKind.Class,
    )) {
      const defined = project.getSymbolIdFromReflection(callable)?.packageName;
      if (defined !== undefined && !defined.startsWith('@occhealth/')) continue;
      if (hasTag(callable, '@example')) continue;
      app.logger.warn(
        `${callable.getFriendlyFullName()} (${ReflectionKind[callable.kind]}) is an exported ${ReflectionKind[callable.kind].toLowerCase()} without an @example`,
      );
    }
    for (const owner of project.getReflectionsByKind(
      ReflectionKind.Interface | ReflectionKind.Class,
    )) {
      if (!owner.isDeclaration()) continue;
      // A library's class re-exported for typing (`Decimal` of decimal.js) is documented upstream.
      const defined = project.getSymbolIdFromReflection(owner)?.packageName;
      if (defined !== undefined && !defined.startsWith('@occhealth/')) continue;
      for (const member of owner.children ?? []) {
        if (
          !member.kindOf(ReflectionKind.Property | ReflectionKind.Method | ReflectionKind.Accessor)
        )
          continue;
        if (member.inheritedFrom || member.flags.isPrivate || member.flags.isProtected) continue;
        if (member.name.startsWith('#') || described(member)) continue;
        const name = `${owner.getFriendlyFullName()}.${member.name}`;
        app.logger.warn(
          `${name} (${ReflectionKind[member.kind]}) is a member of an exported ${ReflectionKind[owner.kind].toLowerCase()} without a description`,
        );
      }
    }
  });
}
