/**
 * What Sheets shows of each custom formula (DESIGN.md §4): the Chinese description, the
 * parameters and an example. The build writes them as the JSDoc block of each top-level stub
 * (Sheets' autocomplete); the Apps Script bundle itself does not import this module.
 */
export interface FormulaParam {
  name: string;
  description: string;
  optional?: boolean;
}

export interface FormulaDoc {
  name: string;
  /** Chinese, one sentence: what the formula returns. */
  description: string;
  params: FormulaParam[];
  /** A formula as a person would type it in row 2. */
  example: string;
}

export const FORMULA_DOCS: readonly FormulaDoc[] = [
  {
    name: "AWARD_BONUS",
    description:
      "按魏字〔2021〕30号计算奖励奖金（元）：公务员嘉奖1500、记三等功3000、记二等功6000、记一等功12000、授予国家荣誉称号20000；事业单位嘉奖、记功、记大功参照执行。",
    params: [
      { name: "award", description: "奖励类型，如 嘉奖、记三等功、三等功、记功、记大功；可选整列" },
      {
        name: "category",
        description: "人员类别：公务员（默认）、参公管理 或 事业单位",
        optional: true,
      },
      {
        name: "standards",
        description: "可选：「奖励标准」工作表的区域，覆盖默认标准",
        optional: true,
      },
    ],
    example: "=AWARD_BONUS(F2:F, E2:E, 奖励标准!A2:D)",
  },
  {
    name: "WORK_YEARS",
    description: "累计工作年限：到计算日期为止已满的整年数（默认计算到当年12月31日）。",
    params: [
      {
        name: "startDate",
        description:
          "参加工作时间（日期、YYYY-MM-DD 文本，或只到月的 2016.07、2016年7月、201607，按该月1日）；可选整列",
      },
      { name: "asOf", description: "计算日期，默认当年12月31日", optional: true },
    ],
    example: "=WORK_YEARS(E2:E, DATE(2026,12,31))",
  },
  {
    name: "LEAVE_DAYS",
    description:
      "应休年休假天数：满1、10、20年5、10、15天，减去寒暑假天数；寒暑假多于年休假、不扣工资事假满20天或病假达规定月数的为0。",
    params: [
      { name: "years", description: "累计工作年限；可选整列" },
      { name: "sickMonths", description: "当年病假（月）", optional: true },
      { name: "personalDays", description: "当年事假（天）", optional: true },
      { name: "vacationDays", description: "当年寒暑假（天）", optional: true },
      {
        name: "personalDaysDeducted",
        description: "其中扣工资事假（天）",
        optional: true,
      },
      {
        name: "lostByLastYear",
        description: "是：上年度已休后又达不享受情形",
        optional: true,
      },
      {
        name: "joined",
        description: "合同制入本单位时间（折算）",
        optional: true,
      },
      { name: "year", description: "年度", optional: true },
    ],
    example: "=LEAVE_DAYS(J2:J, E2:E, F2:F, H2:H, G2:G)",
  },
  {
    name: "WORKDAYS_CN",
    description:
      "开始日期到结束日期（含）之间的工作日数：扣除周末和法定节假日，计入调休上班日；未知年份的节假日安排须在「节假日」工作表填写。",
    params: [
      { name: "start", description: "开始日期；可选整列" },
      { name: "end", description: "结束日期；可选整列" },
      {
        name: "calendar",
        description: "可选：「节假日」工作表区域（日期、类型 休/班、名称）",
        optional: true,
      },
    ],
    example: "=WORKDAYS_CN(C2:C, D2:D, 节假日!A2:C)",
  },
  {
    name: "DAILY_WAGE",
    description: "日工资收入（元）＝全年工资收入 ÷ 261（合同制月工资 ÷ 21.75），取整到分。",
    params: [
      { name: "annualIncome", description: "全年工资收入（元）；可选整列" },
      { name: "payDays", description: "计薪天数，默认261", optional: true },
    ],
    example: "=DAILY_WAGE(M2:M)",
  },
  {
    name: "UNUSED_LEAVE_PAY",
    description:
      "未休年休假工资报酬（元）＝日工资 × 300% × 未休天数；本人申请等只付正常工资的为100%。",
    params: [
      { name: "dailyWage", description: "日工资收入（元）；可选整列" },
      { name: "unusedDays", description: "未休天数；可选整列" },
      {
        name: "reason",
        description: "未休原因",
        optional: true,
      },
      {
        name: "personalDays",
        description: "当年事假（天）",
        optional: true,
      },
      { name: "entitlement", description: "应休天数", optional: true },
    ],
    example: "=UNUSED_LEAVE_PAY(O2:O, N2:N, I2:I, F2:F, L2:L)",
  },
  {
    name: "UNUSED_LEAVE_EXTRA",
    description: "另行支付部分（元）＝日工资 × 200% × 未休天数；只付正常工资的为0。",
    params: [
      { name: "dailyWage", description: "日工资收入（元）；可选整列" },
      { name: "unusedDays", description: "未休天数；可选整列" },
      {
        name: "reason",
        description: "未休原因",
        optional: true,
      },
      {
        name: "personalDays",
        description: "当年事假（天）",
        optional: true,
      },
      { name: "entitlement", description: "应休天数", optional: true },
    ],
    example: "=UNUSED_LEAVE_EXTRA(O2:O, N2:N, I2:I, F2:F, L2:L)",
  },
  {
    name: "LEAVE_PAY_DUE",
    description: "另行支付部分的截止日期：次年3月31日（合同制当年12月31日）。",
    params: [
      { name: "year", description: "年度，如 2026；可选整列" },
      { name: "category", description: "人员类别", optional: true },
    ],
    example: "=LEAVE_PAY_DUE(A2:A)",
  },
  {
    name: "GREEN_CHANNEL",
    description:
      "考核“绿色通道”：符合任一条件的为“优秀”；受警告或诫勉的“不得确定为优秀”，受记过以上处分或在试用期的“不确定等次”。",
    params: [
      { name: "conditions", description: "绿色通道条件，多个用“、”分隔；可选整列" },
      { name: "sanction", description: "处分或诫勉", optional: true },
      { name: "probation", description: "试用期（是/否）", optional: true },
    ],
    example: "=GREEN_CHANNEL(E2:E, G2:G, H2:H)",
  },
  {
    name: "EXCELLENT_QUOTA",
    description:
      "单位年度考核优秀名额：人数 × 优秀比例（默认20%）向下取整；目标责任考核排名在前10%的单位按25%。比例和取整方式见「参数」。",
    params: [
      { name: "headcount", description: "参加考核人数；可选整列" },
      { name: "rank", description: "目标责任考核排名（空则按一般比例）" },
      { name: "unitCount", description: "参加排名的单位总数" },
      { name: "params", description: "可选：「参数」工作表区域（参数、值）", optional: true },
    ],
    example: "=EXCELLENT_QUOTA(D2:D, E2:E, COUNTA(B2:B), 参数!A2:B)",
  },
];
