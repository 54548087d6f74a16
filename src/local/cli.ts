/**
 * `cadre-care`: the local command line. Every message is Chinese; a problem the user can fix
 * is a message and an exit code (0 fine, 1 problems found, 2 bad usage or unreadable file),
 * never a stack trace.
 */
import { Command, CommanderError } from "commander";
import { isWriteError, writeErrorMessage } from "./files";
import { EXIT, UserFacingError, processIO, type CommandIO } from "./io";
import { initCommand } from "./commands/init";
import { checkCommand } from "./commands/check";
import { computeCommand } from "./commands/compute";
import { acceptAwardsCommand } from "./commands/acceptAwards";
import { deadlinesCommand } from "./commands/deadlines";
import { remindCommand } from "./commands/remind";
import { DOCS_HELP, docsCommand, templatesCommand } from "./commands/docs";
import { archiveCommand } from "./commands/archive";
import { splitCommand } from "./commands/split";
import { collectCommand } from "./commands/collect";
import { newYearCommand } from "./commands/newYear";
import { holidaysCommand } from "./commands/holidays";
import { importCommand } from "./commands/importRoster";

/** Commander writes its headings and usage errors in English; people here read Chinese. */
const TRANSLATIONS: [RegExp, string][] = [
  [/^Usage: /gm, "用法："],
  [/^Options:/gm, "选项："],
  [/^Commands:/gm, "命令："],
  [/^Arguments:/gm, "参数："],
  // In the command list, keep the descriptions aligned: "[选项]" is 3 columns narrower.
  [/\[options\](.*?\S)( {2,})/g, "[选项]$1$2   "],
  [/\[options\]/g, "[选项]"],
  [/\[command\]/g, "[命令]"],
  [/error: unknown command '([^']*)'/g, "错误：没有“$1”这个命令"],
  [/error: unknown option '([^']*)'/g, "错误：没有“$1”这个选项"],
  [/error: missing required argument '([^']*)'/g, "错误：缺少参数 $1"],
  [/error: option '([^']*)' argument missing/g, "错误：选项 $1 缺少取值"],
  [/error: required option '([^']*)' not specified/g, "错误：缺少必需的选项 $1"],
  [
    /error: too many arguments for '([^']*)'\. Expected (\d+) arguments? but got (\d+)\./g,
    "错误：命令 $1 只需要 $2 个参数，收到 $3 个",
  ],
  [/error: too many arguments\. Expected (\d+) arguments? but got (\d+)\./g, "错误：参数过多"],
  [/\(Did you mean ([^?]*)\?\)/g, "（是否想输入 $1？）"],
  [/default: /g, "默认："],
];

function inChinese(text: string): string {
  return TRANSLATIONS.reduce((s, [pattern, replacement]) => s.replace(pattern, replacement), text);
}

export function buildProgram(io: CommandIO, setExit: (code: number) => void): Command {
  const program = new Command();
  const run = (fn: () => Promise<number>) => async () => setExit(await fn());
  program
    .name("cadre-care")
    .description(
      "干部关怀激励台账（魏字〔2021〕30号）：在本机处理 .xlsx 工作簿、提醒期限、生成公文",
    )
    .helpOption("-h, --help", "显示帮助")
    .addHelpCommand(false)
    .showHelpAfterError("（运行 cadre-care --help 查看用法）")
    .configureOutput({
      writeOut: (s) => io.out(inChinese(s).trimEnd()),
      writeErr: (s) => io.err(inChinese(s).trimEnd()),
    })
    .exitOverride();
  program.addHelpText(
    "after",
    `
示例：
  cadre-care init 台账.xlsx                      新建工作簿（含全部工作表、表头、下拉选项和默认参数）
  cadre-care check 台账.xlsx                     检查每一行，按工作表、行、列列出问题
  cadre-care compute 台账.xlsx                   计算各计算列（先自动备份）
  cadre-care accept-awards 台账.xlsx --year 2026  把考核优秀的奖励建议加入「奖励」
  cadre-care deadlines 台账.xlsx --date 2027-03-25
  cadre-care remind 台账.xlsx --date 2027-03-25 --out out/mail
  cadre-care docs 台账.xlsx --out out/docs --date 2027-03-31
  cadre-care templates --out 模板                  写出内置文档模板，修改后用 docs --templates 模板
  cadre-care archive 台账.xlsx --before 2025           把 2024 年及以前的记录移到归档副本
  cadre-care split 台账.xlsx --out 单位               每个单位一个文件，只含本单位的人员和记录
  cadre-care collect 台账.xlsx 单位/*.xlsx             收回各单位的修改（先备份）
  cadre-care new-year 台账.xlsx --year 2027            新建 2027 年度的年休假、考核、计划、体检行
  cadre-care holidays 台账.xlsx --notice 通知.txt       把国务院放假通知转为「节假日」行
  cadre-care import 花名册.xlsx --into 台账.xlsx        从本单位的花名册导入人员

退出码：0 正常，1 发现问题，2 用法错误或文件无法读取`,
  );

  program
    .command("init")
    .description("新建空白工作簿；对已有工作簿则补全缺少的工作表和表头，不改动已有数据")
    .argument("<FILE.xlsx>", "工作簿路径")
    .helpOption("-h, --help", "显示帮助")
    .addHelpText("after", "\n示例：\n  cadre-care init 台账.xlsx")
    .action((file: string) => run(() => initCommand(file, io))());

  program
    .command("check")
    .description("检查每一行输入，按工作表、行、列列出问题；有问题时退出码为 1")
    .argument("<FILE.xlsx>", "工作簿路径")
    .option("--json", "以 JSON 输出问题列表")
    .option(
      "--date <YYYY-MM-DD>",
      "按该日期检查：当年和上一年度的行是否齐全、compute 会算出哪些错误（默认今天）",
    )
    .helpOption("-h, --help", "显示帮助")
    .addHelpText(
      "after",
      "\n示例：\n  cadre-care check 台账.xlsx\n  cadre-care check 台账.xlsx --date 2027-01-10\n  cadre-care check 台账.xlsx --json > 问题.json",
    )
    .action((file: string, opts: { json?: boolean; date?: string }) =>
      run(() => checkCommand(file, opts, io))(),
    );

  program
    .command("compute")
    .description("计算全部计算列（与表格公式相同的算法）；写入前保存 FILE.bak-时间.xlsx 备份")
    .argument("<FILE.xlsx>", "工作簿路径")
    .option("--date <YYYY-MM-DD>", "按该日期计算（默认今天）")
    .helpOption("-h, --help", "显示帮助")
    .addHelpText("after", "\n示例：\n  cadre-care compute 台账.xlsx")
    .action((file: string, opts: { date?: string }) => run(() => computeCommand(file, io, opts))());

  program
    .command("accept-awards")
    .description("把「奖励建议」中接受的建议加入「奖励」（追加新行，不改动已填写的行），再计算")
    .argument("<FILE.xlsx>", "工作簿路径")
    .option("--year <Y>", "只接受该年度的建议")
    .option("--ids <编号,…>", "只接受这些人员编号的建议，用逗号分隔")
    .helpOption("-h, --help", "显示帮助")
    .addHelpText(
      "after",
      "\n示例：\n  cadre-care accept-awards 台账.xlsx --year 2026 --ids WX0001,WX0002",
    )
    .action((file: string, opts: { year?: string; ids?: string }) =>
      run(() => acceptAwardsCommand(file, opts, io))(),
    );

  program
    .command("deadlines")
    .description("列出该日期已到期、即将到期和已逾期的事项，按单位分组、逾期在前")
    .argument("<FILE.xlsx>", "工作簿路径")
    .option("--date <YYYY-MM-DD>", "检查日期（默认今天）")
    .option("--json", "以 JSON 输出：item, year, unit, personId, due, status, daysLeft")
    .helpOption("-h, --help", "显示帮助")
    .addHelpText(
      "after",
      "\n示例：\n  cadre-care deadlines 台账.xlsx --date 2027-03-25\n  cadre-care deadlines 台账.xlsx --date 2027-03-25 --json",
    )
    .action((file: string, opts: { date?: string; json?: boolean }) =>
      run(() => deadlinesCommand(file, opts, io))(),
    );

  program
    .command("remind")
    .description(
      "生成当天应发的提醒邮件（.eml，或按「参数」中的 SMTP 设置发送），每项每天只发一次并记入「提醒」",
    )
    .argument("<FILE.xlsx>", "工作簿路径")
    .option("--date <YYYY-MM-DD>", "检查日期（默认今天）")
    .option("--out <DIR>", "邮件文件输出文件夹", "out/mail")
    .helpOption("-h, --help", "显示帮助")
    .addHelpText(
      "after",
      "\n示例：\n  cadre-care remind 台账.xlsx --date 2027-03-25 --out out/mail",
    )
    .action((file: string, opts: { date?: string; out?: string }) =>
      run(() => remindCommand(file, opts, io))(),
    );

  program
    .command("docs")
    .description("生成全部备案表、审批表和通报（.docx），列入 DIR/documents.json 和「文档」工作表")
    .argument("<FILE.xlsx>", "工作簿路径")
    .requiredOption("--out <DIR>", "输出文件夹")
    .option("--date <YYYY-MM-DD>", "成文日期（默认今天）")
    .option("--year <Y>", "文档所属年度（默认见下）")
    .option("--templates <DIR>", "使用本县修改过的文档模板（默认：内置模板）")
    .helpOption("-h, --help", "显示帮助")
    .addHelpText("after", DOCS_HELP)
    .action(
      (file: string, opts: { out: string; date?: string; year?: string; templates?: string }) =>
        run(() => docsCommand(file, opts, io))(),
    );

  program
    .command("templates")
    .description(
      "把内置文档模板（每类文档一个 .docx）写到 DIR，供本县修改后用 docs --templates DIR 生成",
    )
    .requiredOption("--out <DIR>", "输出文件夹")
    .helpOption("-h, --help", "显示帮助")
    .addHelpText(
      "after",
      "\n示例：\n  cadre-care templates --out 模板\n  cadre-care docs 台账.xlsx --out out/docs --templates 模板",
    )
    .action((opts: { out: string }) => run(() => templatesCommand(opts, io))());

  program
    .command("archive")
    .description(
      "把早于某年度的记录移到归档副本（整本工作簿的副本，只含这些年度），当前台账只留近两年；先备份、后核对",
    )
    .argument("<FILE.xlsx>", "工作簿路径")
    .option("--before <YEAR>", "移出早于该年度的记录（默认：上一年度，即只留当年和上一年度）")
    .option("--out <ARCHIVE.xlsx>", "归档文件（默认：FILE.归档-某年及以前.xlsx，已存在时不覆盖）")
    .option("--date <YYYY-MM-DD>", "按该日期判断当年（默认今天）")
    .helpOption("-h, --help", "显示帮助")
    .addHelpText(
      "after",
      `
按年度归属的表（奖励、年休假、休假记录、年休假计划、体检、培训、谈心谈话、考核、单位考核、提醒、文档、日志）
按年度或日期拆分；参数、奖励标准、单位、人员、节假日在两本中都完整保留。年度无法识别的行留在当前台账。
当年和上一年度不能归档（上一年度未休年休假报酬的另行支付部分次年 3 月 31 日才到期）。

示例：
  cadre-care archive 台账.xlsx --date 2027-04-01     当前台账保留 2026、2027 年，2025 年及以前移到 台账.归档-2025年及以前.xlsx
  cadre-care archive 台账.xlsx --before 2025 --out 归档/台账-2024.xlsx`,
    )
    .action((file: string, opts: { before?: string; out?: string; date?: string }) =>
      run(() => archiveCommand(file, opts, io))(),
    );

  program
    .command("split")
    .description("为每个单位生成一个只含本单位人员和记录的工作簿（单位联系人只拿到本单位的文件）")
    .argument("<FILE.xlsx>", "台账（各部门持有的全县台账）")
    .requiredOption("--out <DIR>", "输出文件夹")
    .option("--due <YYYY-MM-DD>", "要求各单位交回的日期（写入「说明」）")
    .helpOption("-h, --help", "显示帮助")
    .addHelpText(
      "after",
      `
每个单位一个 单位名称.xlsx：本单位的单位、人员、奖励、年休假、休假记录、考核、年休假计划、体检、培训、谈心谈话、
单位考核各行；参数（不含邮件设置）、奖励标准、节假日；「说明」告诉联系人填什么、何时交、怎样交回。
台账本身不改动；拆分记录写入 FILE.拆分记录.json，收回时据此核对。

示例：
  cadre-care split 台账.xlsx --out 单位 --due 2027-03-20`,
    )
    .action((file: string, opts: { out: string; due?: string }) =>
      run(() => splitCommand(file, opts, io))(),
    );

  program
    .command("collect")
    .description("把各单位文件中的修改收回台账：拒收其他单位的行，报告冲突和单位删除的行；先备份")
    .argument("<FILE.xlsx>", "台账")
    .argument("<UNIT.xlsx...>", "各单位交回的文件")
    .option("--dry-run", "只报告，不写入台账")
    .helpOption("-h, --help", "显示帮助")
    .addHelpText(
      "after",
      `
有拒收或冲突时退出码为 1。同一文件收回两次不会重复写入。收回后请运行 compute 重新计算，再 split 下发新文件。

示例：
  cadre-care collect 台账.xlsx 单位/*.xlsx --dry-run
  cadre-care collect 台账.xlsx 单位/*.xlsx`,
    )
    .action((file: string, units: string[], opts: { dryRun?: boolean }) =>
      run(() => collectCommand(file, units, opts, io))(),
    );

  program
    .command("new-year")
    .description(
      "新建年度：为每名在职人员建该年度「年休假」「考核」行，为每个单位建「年休假计划」「体检」「单位考核」行（已有的不动）",
    )
    .argument("<FILE.xlsx>", "工作簿路径")
    .requiredOption("--year <Y>", "要新建的年度，最多为明年")
    .option("--date <YYYY-MM-DD>", "按该日期判断“明年”（默认今天）")
    .helpOption("-h, --help", "显示帮助")
    .addHelpText(
      "after",
      `
只补缺少的行，不改动已有的行；重复运行不会新建重复的行。「人员」中状态为调出、退休的不建。

示例：
  cadre-care new-year 台账.xlsx --year 2027`,
    )
    .action((file: string, opts: { year: string; date?: string }) =>
      run(() => newYearCommand(file, opts, io))(),
    );

  program
    .command("holidays")
    .description(
      "把国务院办公厅的放假通知（文本）转为「节假日」行：放假日（含其中的周末）和调休上班日",
    )
    .argument("<FILE.xlsx>", "工作簿路径")
    .requiredOption(
      "--notice <NOTICE.txt>",
      "通知全文的文本文件（从中国政府网或报纸复制，UTF-8 或 GBK）",
    )
    .option("--dry-run", "只显示读到的安排，不写入")
    .helpOption("-h, --help", "显示帮助")
    .addHelpText(
      "after",
      `
通知须是《国务院办公厅关于YYYY年部分节假日安排的通知》的全文（含标题和“一、元旦：……”各项）。
程序逐项核对：放假天数等于“共N天”、上班日都是周六或周日、星期与日期相符、标题年份与正文一致；
任何一句读不准即拒绝并指出是哪一句（退出码 1），不会猜。已有相同的行不重复写入；与已有行或内置日历不一致的日期只列出、不写入。

示例：
  cadre-care holidays 台账.xlsx --notice 2027年放假通知.txt --dry-run
  cadre-care holidays 台账.xlsx --notice 2027年放假通知.txt`,
    )
    .action((file: string, opts: { notice: string; dryRun?: boolean }) =>
      run(() => holidaysCommand(file, opts, io))(),
    );

  program
    .command("import")
    .description(
      "从单位自己的花名册（.xlsx 或 .csv）导入人员：按列名识别，新增人员，不覆盖台账中已填的值",
    )
    .argument("<ROSTER>", "花名册文件（.xlsx，或 UTF-8/GBK 编码的 .csv）")
    .requiredOption("--into <FILE.xlsx>", "要导入的台账")
    .option("--sheet <NAME>", "花名册中的工作表名（默认：第一张有表头的工作表）")
    .option("--dry-run", "只显示列的对应、各类行数和问题，不写入")
    .helpOption("-h, --help", "显示帮助")
    .addHelpText(
      "after",
      `
列名按花名册常用的叫法识别（不分全角半角、大小写和空格）：人员编号/工号/编号，姓名，单位/部门/工作单位/所在单位，
人员类别/身份/编制性质/人员身份，参加工作时间/参加工作日期/工作时间（可只写到月，如 2016.07），身份证号/身份证号码/公民身份号码，
上年度工资收入/年工资收入/工资总额，重点岗位，状态。认不出的列会列出、不导入。
人员编号已在台账中的：值相同的不动，台账中空白的补上，不同的只列出、保留台账的值；同一文件导入两次不会有任何改动。
有误的行不导入，并指出花名册的行号和原因；有未导入的行或不同的值时退出码为 1。

示例：
  cadre-care import 花名册.xlsx --into 台账.xlsx --dry-run
  cadre-care import 花名册.csv --into 台账.xlsx`,
    )
    .action((roster: string, opts: { into: string; sheet?: string; dryRun?: boolean }) =>
      run(() => importCommand(roster, opts, io))(),
    );

  return program;
}

/** Run the CLI with argv (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CommandIO = processIO()): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version")
        return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof UserFacingError) {
      io.err(`错误：${err.message}`);
      return err.exitCode;
    }
    if (isWriteError(err)) {
      io.err(`错误：${writeErrorMessage(err)}`);
      return EXIT.usage;
    }
    io.err(
      `错误：程序遇到意外问题（${err instanceof Error ? err.message : String(err)}）。工作簿未被修改。`,
    );
    return EXIT.usage;
  }
}
