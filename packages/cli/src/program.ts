/**
 * @module program
 * Every command declared in one place (commander). Each action lazy-imports its module, so
 * `occhealth --help` loads commander and nothing else.
 */
import { Command, CommanderError, Option } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import {
  type CliLang,
  type CommandContext,
  EXIT,
  type ExitCode,
  type GlobalOptions,
  langOf,
} from './context.js';

type Texts = { readonly zh: string; readonly en: string };

const EXIT_HELP: Texts = {
  zh: `退出码：
  0  成功
  1  失败（存储错误或意外错误）
  2  用法错误（未知命令或选项、缺少参数、选项值无效）
  3  输入校验错误（被拒绝的行、无效的方案文件）
  4  未找到（文件、方案、区划或指标不存在）`,
  en: `Exit codes:
  0  success
  1  failure (storage or unexpected error)
  2  bad usage (unknown command or option, missing argument, bad option value)
  3  validation errors in the input (rejected rows, an invalid plan file)
  4  not found (a missing file, an unknown plan, region or indicator)`,
};

/** Commander's own messages in Chinese. */
function translate(message: string, lang: CliLang): string {
  if (lang === 'en') return message;
  return message
    .replace(/^error: unknown option '([^']*)'/, "错误：未知选项 '$1'")
    .replace(/^error: unknown command '([^']*)'/, "错误：未知命令 '$1'")
    .replace(/^error: missing required argument '([^']*)'/, "错误：缺少必需参数 '$1'")
    .replace(/^error: option '([^']*)' argument missing/, "错误：选项 '$1' 缺少取值")
    .replace(/^error: too many arguments/, '错误：参数过多')
    .replace(/\(Did you mean ([^)]*)\?\)/, '（是否要输入 $1？）');
}

/** The language asked for on the command line (`--lang zh`, `--lang=en`), before parsing. */
function langInArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--lang') return argv[i + 1];
    if (a.startsWith('--lang=')) return a.slice(7);
  }
  return undefined;
}

/**
 * Run the CLI on `argv` (the arguments after the program name) and return the exit code. Nothing
 * here exits the process.
 * @example
 * ```ts
 * let printed = '';
 * const ctx = { cwd: '.', stdout: { write: (c: string | Uint8Array) => (printed += String(c)) }, stderr: { write: () => true }, env: {} };
 * const code = await run(['plans', '--json'], ctx); // the binary passes process.stdout, process.stderr, process.env
 * console.log(code, printed.includes('yunnan-sme-assistance'));
 * // → 0 true
 * ```
 */
export async function run(argv: readonly string[], ctx: CommandContext): Promise<ExitCode> {
  const lang = langOf(ctx.env, langInArgv(argv));
  const t = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  let code: ExitCode = EXIT.ok;
  let globals: GlobalOptions = {};

  const program = new Command('occhealth')
    .description(
      t(
        'occhealth：职业健康指标、目标与报送时限——面向测试、运维与评估人员的命令行工具',
        'occhealth: occupational-health indicators, targets and reporting calendars on the command line',
      ),
    )
    .version(pkg.version, '-V, --version')
    .option('--json', t('输出 JSON（供脚本使用）', 'print JSON for scripts'))
    .addOption(
      new Option(
        '--lang <lang>',
        t('语言（默认取自 LANG / LC_ALL）', 'language (default from LANG / LC_ALL)'),
      ).choices(['zh', 'en']),
    )
    .exitOverride()
    .showHelpAfterError(t('（用 --help 查看用法）', '(add --help for usage)'))
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
      outputError: (s, write) => write(translate(s, lang)),
    })
    .addHelpText(
      'after',
      `\n${t('示例', 'Examples')}:\n  $ occhealth demo --scale county\n  $ occhealth plans yunnan-sme-assistance\n  $ occhealth check --numerator 1953 --denominator 2257 --target '>=90'\n\n${lang === 'zh' ? EXIT_HELP.zh : EXIT_HELP.en}\n`,
    );

  /** Declare a command whose action lazy-loads `load()` and calls it with the merged options. */
  const command = (
    name: string,
    description: Texts,
    examples: readonly string[],
    action: (args: string[], options: Record<string, unknown>) => Promise<ExitCode>,
  ) => {
    const cmd = program
      .command(name)
      .description(description[lang])
      .exitOverride()
      .addHelpText(
        'after',
        `\n${t('示例', 'Examples')}:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`,
      );
    cmd.action(async (...params: unknown[]) => {
      const self = params.at(-1) as Command;
      const options = self.optsWithGlobals() as Record<string, unknown>;
      globals = {
        json: options.json === true,
        lang: langOf(ctx.env, options.lang as string | undefined),
      };
      const args = params.slice(0, -2) as string[];
      code = await action(args, { ...options, ...globals });
    });
    return cmd;
  };

  command(
    'init <db>',
    { zh: '创建（或迁移）SQLite 存储文件', en: 'create (or migrate) a SQLite store file' },
    ['occhealth init occhealth.db'],
    async ([db], o) => (await import('./commands/init.js')).init(ctx, { ...o, db: db! }),
  );

  command(
    'backup <db> <file>',
    {
      zh: '在线备份存储文件（使用中也安全）',
      en: "copy the store with SQLite's online backup (safe while in use)",
    },
    ['occhealth backup occhealth.db backups/occhealth-2025-12-31.db'],
    async ([db, file], o) =>
      (await import('./commands/backup.js')).backup(ctx, { ...o, db: db!, file: file! }),
  );

  command(
    'copy <from> <to>',
    {
      zh: '把整个存储复制到另一个空存储（SQLite 文件或 postgres:// 地址，?schema= 指定模式），保留版本与审计链',
      en: 'copy a whole store into an empty one (a SQLite file or a postgres:// URL, ?schema= picks the schema), versions and audit trail kept',
    },
    ['occhealth copy occhealth.db "postgres://occh@127.0.0.1:5432/occh?schema=yunnan"'],
    async ([from, to], o) =>
      (await import('./commands/copy.js')).copyCommand(ctx, { ...o, from: from!, to: to! }),
  );

  // The kinds come from the core's registry, loaded only when the import command is named (its
  // help or a run), so `occhealth --help` stays as quick as commander alone.
  const kinds = argv.includes('import')
    ? (await import('@occhealth/core')).IMPORT_KINDS
    : undefined;
  command(
    'import <db> <kind> <file>',
    {
      zh: `导入一种记录的 CSV/JSON/NDJSON 文件（${kinds ? `kind：${kinds.join('、')}` : 'occhealth import --help 列出可导入的 kind'}）；被拒绝的行写入 <file>.rejected.csv`,
      en: `import a CSV/JSON/NDJSON file of one record kind (${kinds ? `kind: ${kinds.join(', ')}` : '`occhealth import --help` lists the kinds'}); rejected rows go to <file>.rejected.csv`,
    },
    [
      'occhealth import occhealth.db regions regions.csv',
      'occhealth import occhealth.db employers employers.csv --valid-rows',
      'occhealth import occhealth.db facts facts.gbk.csv --encoding gbk',
    ],
    async ([db, kind, file], o) =>
      (await import('./commands/import.js')).importCommand(ctx, {
        ...o,
        db: db!,
        kind: kind!,
        file: file!,
      }),
  )
    .option(
      '--valid-rows',
      t(
        '写入有效行，拒绝无效行（默认全部或全不）',
        'write the valid rows, reject the bad ones (default: all or nothing)',
      ),
    )
    .option('--format <format>', 'csv | json | ndjson | auto')
    .option('--encoding <encoding>', t('文本编码，如 gbk', 'text encoding, e.g. gbk'));

  const evaluation = (cmd: Command) =>
    cmd
      .option('--plan <plan>', t('方案标识或 JSON 方案文件', 'a pack id or a JSON plan file'))
      .option('--region <code>', t('区划代码', 'region code'))
      .option('--period <period>', t('期间，如 2025、2025Q2', 'period, e.g. 2025, 2025Q2'));

  evaluation(
    command(
      'evaluate <db>',
      {
        zh: '按方案评估区划及其下级的全部指标',
        en: "evaluate a plan's indicators for a region and its subtree",
      },
      [
        'occhealth evaluate occhealth.db --plan yunnan-sme-assistance --region 530000 --period 2025',
        'occhealth evaluate occhealth.db --plan my-plan.json --region 530300 --period 2025 --levels county --format xlsx --out 2025.xlsx',
      ],
      async ([db], o) =>
        (await import('./commands/evaluate.js')).evaluateCommand(ctx, { ...o, db: db! }),
    ),
  )
    .option('--levels <levels>', t('只保留这些层级，逗号分隔', 'comma-separated levels to keep'))
    .option('--as-of <date>', t('评估基准日 YYYY-MM-DD', 'evaluate as of YYYY-MM-DD'))
    .option('--format <format>', 'table | json | csv | xlsx | html | md')
    .option('--out <file>', t('输出文件', 'output file'));

  evaluation(
    command(
      'reconcile <db>',
      {
        zh: '上报数与记录对账：各地上报数、按记录重算数、下级上报之和，差异逐项分类',
        en: "reconcile reported figures with the records and the children's reports, each difference classified",
      },
      [
        'occhealth reconcile occhealth.db --plan yongqing-final-evaluation --region 131023 --period 2025',
        'occhealth reconcile occhealth.db --plan my-plan.json --region 530000 --period 2025 --only-differences --format html --out recon.html',
        'occhealth reconcile occhealth.db --plan my-plan.json --region 530000 --period 2025 --check  # exit 3 on a difference',
      ],
      async ([db], o) =>
        (await import('./commands/reconcile.js')).reconcileCommand(ctx, { ...o, db: db! }),
    ),
  )
    .option('--obligation <id>', t('只读此报送任务的报表', "only this obligation's reports"))
    .option(
      '--as-of <date>',
      t('按记录重算的基准日 YYYY-MM-DD', 'recompute the records as of YYYY-MM-DD'),
    )
    .option('--only-differences', t('只列有差异的行', 'only rows with a difference'))
    .option(
      '--check',
      t('发现差异时以退出码 3 结束', 'exit with code 3 when a difference is found'),
    )
    .option('--format <format>', 'table | json | csv | xlsx | html | md')
    .option('--out <file>', t('输出文件', 'output file'));

  evaluation(
    command(
      'explain <db>',
      {
        zh: '解释一个数值：公式、计入与排除的记录、修约、目标比较',
        en: 'explain one figure: formula, records counted and excluded, rounding, target',
      },
      [
        'occhealth explain occhealth.db --plan yunnan-sme-assistance --indicator declarationRate --region 530381 --period 2025',
      ],
      async ([db], o) =>
        (await import('./commands/explain.js')).explainCommand(ctx, {
          ...o,
          db: db!,
          ...(o.records === undefined ? {} : { records: Number(o.records) }),
        }),
    ),
  )
    .option('--indicator <id>', t('指标标识', 'indicator id'))
    .option('--as-of <date>', t('评估基准日 YYYY-MM-DD', 'evaluate as of YYYY-MM-DD'))
    .option(
      '--records <n>',
      t('每项列出的记录数（默认 10）', 'record ids listed per input (default 10)'),
    );

  command(
    'calendar <db>',
    {
      zh: '区划在日期区间内应报送的事项、时限与状态',
      en: 'what a region must report between two days, with deadlines and statuses',
    },
    ['occhealth calendar occhealth.db --region 530300 --from 2025-01-01 --to 2025-12-31'],
    async ([db], o) =>
      (await import('./commands/calendar.js')).calendarCommand(ctx, { ...o, db: db! }),
  )
    .option('--region <code>', t('区划代码', 'region code'))
    .option('--from <date>', 'YYYY-MM-DD')
    .option('--to <date>', 'YYYY-MM-DD')
    .option(
      '--plan <plan>',
      t(
        '只看此方案（默认覆盖该区划的全部方案）',
        'only this plan (default: every pack covering the region)',
      ),
    )
    .option('--format <format>', 'table | json | csv | xlsx | html | md')
    .option('--out <file>', t('输出文件', 'output file'));

  evaluation(
    command(
      'report <db> <template>',
      {
        zh: '生成报表（template：evaluation、ranking、deadlines、dashboard）',
        en: 'render a report (template: evaluation, ranking, deadlines, dashboard)',
      },
      [
        'occhealth report occhealth.db evaluation --plan yunnan-sme-assistance --region 530000 --period 2025 --out evaluation.xlsx',
        'occhealth report occhealth.db ranking --plan yunnan-sme-assistance --region 530000 --period 2025 --format csv --out ranking.csv',
        'occhealth report occhealth.db dashboard --plan yunnan-sme-assistance --region 530000 --period 2025 --out site/dashboard.html',
      ],
      async ([db, template], o) =>
        (await import('./commands/report.js')).reportCommand(ctx, {
          ...o,
          db: db!,
          template: template!,
        }),
    ),
  )
    .option(
      '--indicator <id>',
      t('排名的指标（默认全部比率指标）', 'indicator ranked (default: every rate)'),
    )
    .option('--level <level>', t('排名的层级（默认 county）', 'level ranked (default county)'))
    .option('--levels <levels>', t('只保留这些层级，逗号分隔', 'comma-separated levels to keep'))
    .option('--format <format>', 'table | csv | xlsx | html | md')
    .option('--out <file>', t('输出文件', 'output file'));

  command(
    'plans [plan]',
    {
      zh: '列出方案包；给出标识时显示其指标、目标与报送事项及依据',
      en: 'list the policy packs; with an id, show its indicators, targets and deadlines with citations',
    },
    [
      'occhealth plans',
      'occhealth plans henan-three-actions',
      'occhealth plans my-plan.json --json',
    ],
    async ([plan], o) =>
      (await import('./commands/plans.js')).plansCommand(ctx, {
        ...o,
        ...(plan === undefined ? {} : { plan }),
      }),
  )
    .option('--format <format>', 'table | json | csv | xlsx | html | md')
    .option('--out <file>', t('输出文件', 'output file'));

  command(
    'check',
    {
      zh: '核对一个数值：给出分子分母（或记录文件与方案），显示结果、修约、目标状态与解释',
      en: 'check a figure: from a numerator and denominator (or record files and a plan), show the value, rounding, target status and explanation',
    },
    [
      "occhealth check --numerator 1953 --denominator 2257 --target '>=90'",
      'occhealth check --numerator 19 --denominator 20 --plan yunnan-sme-assistance --indicator declarationRate --period 2025',
      'occhealth check --plan yunnan-sme-assistance --indicator declarationRate --region 530381 --period 2025 --regions regions.csv --employers employers.csv --facts facts.csv',
    ],
    async (_args, o) => (await import('./commands/check.js')).checkCommand(ctx, o),
  )
    .option('--numerator <n>', t('分子', 'numerator'))
    .option('--denominator <n>', t('分母', 'denominator'))
    .option('--plan <plan>', t('方案标识或 JSON 方案文件', 'a pack id or a JSON plan file'))
    .option('--indicator <id>', t('指标标识', 'indicator id'))
    .option('--factor <n>', t('系数（比率默认 100）', 'factor (default 100 for a ratio)'))
    .option('--decimals <n>', t('小数位（默认 1）', 'decimals (default 1)'))
    .option('--rounding <mode>', 'half-up | half-even | floor')
    .option('--target <target>', t("目标，如 '>=95'", "target, e.g. '>=95'"))
    .option('--period <period>', t('期间', 'period'))
    .option(
      '--level <level>',
      t('目标适用的层级（默认 county）', 'level of the target (default county)'),
    )
    .option('--region <code>', t('区划代码', 'region code'))
    .option('--regions <file>', t('区划文件', 'regions file'))
    .option(
      '--institutions <file>',
      t('机构文件（记录所引用的机构）', 'institutions file (the institutions facts name)'),
    )
    .option('--employers <file>', t('用人单位文件', 'employers file'))
    .option('--facts <file>', t('记录文件', 'facts file'))
    .option('--data-values <file>', t('数据值文件', 'data-values file'));

  const serving = (cmd: Command) =>
    cmd
      .option(
        '--port <port>',
        t('端口（默认 8787；0 为任一空闲端口）', 'port (default 8787; 0: any free port)'),
      )
      .option(
        '--host <host>',
        t(
          '监听地址（默认 127.0.0.1；非本机地址须提供 --tokens）',
          'interface (default 127.0.0.1; a non-loopback host needs --tokens)',
        ),
      )
      .option(
        '--tokens <file>',
        t(
          '令牌配置文件 { "tokens": [{ id, sha256, region, role }] }；未提供时为本次运行生成一次性管理员令牌',
          'token config file { "tokens": [{ id, sha256, region, role }] }; without it a one-time admin token is made for this run',
        ),
      );

  serving(
    command(
      'serve <db>',
      {
        zh: '在存储文件上提供 REST 接口与服务端渲染的看板（Ctrl-C 停止）',
        en: 'serve the REST API and the server-rendered dashboard over a store file (Ctrl-C stops)',
      },
      [
        'occhealth serve occhealth.db',
        'occhealth serve occhealth.db --port 0 --period 2025',
        'occhealth serve occhealth.db --host 0.0.0.0 --tokens tokens.json',
      ],
      async ([db], o) => (await import('./commands/serve.js')).serveCommand(ctx, { ...o, db: db! }),
    ),
  )
    .option(
      '--period <period>',
      t('看板默认期间（默认今天所在年份）', "the dashboard's default period (default: this year)"),
    )
    .option(
      '--session-secret-file <file>',
      t(
        '看板会话密钥文件（至少 32 个字符；默认读取环境变量 OCCHEALTH_SESSION_SECRET，否则每次运行随机生成，重启后须重新登录）',
        "file holding the dashboard's session secret (≥ 32 characters; default: the OCCHEALTH_SESSION_SECRET environment variable, else random per run, so a restart logs everyone out)",
      ),
    );

  serving(
    command(
      'demo',
      {
        zh: '主流程演示：生成带种子的数据集写入 SQLite（第二次运行直接复用），评估各方案、写出报表与 HTML 看板，然后提供接口与看板服务（Ctrl-C 停止）',
        en: 'the main job: generate a seeded dataset into SQLite (reused on a second run), evaluate the plans, write the reports and HTML dashboard, then serve the API and dashboard (Ctrl-C stops)',
      },
      [
        'occhealth demo',
        'occhealth demo --scale county --seed 7',
        'occhealth demo --scale national --dir /data/demo',
        'occhealth demo --scale county --no-serve --json',
      ],
      async (_args, o) => (await import('./commands/demo.js')).demoCommand(ctx, o),
    ),
  )
    .option(
      '--no-serve',
      t('写完文件即退出，不启动服务', 'stop after writing the files (do not serve)'),
    )
    .option('--scale <scale>', 'county | province | national', 'province')
    .option('--seed <n>', t('随机种子（默认 1）', 'seed (default 1)'))
    .option(
      '--dir <dir>',
      t(
        '数据、报表与看板目录（默认 occhealth-demo）',
        'directory of the data, reports and dashboard (default occhealth-demo)',
      ),
    )
    .option(
      '--employers <n>',
      t('用人单位数（默认取规模的数量）', "employers (default: the scale's)"),
    );

  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
        return EXIT.ok;
      if (error.code === 'commander.help') return EXIT.usage;
      return EXIT.usage;
    }
    const { reportError } = await import('./failure.js');
    return reportError(ctx, error, globals);
  }
}
