/**
 * The local dashboard (issue 7 §2): DashboardData rendered into ONE self-contained HTML file,
 * `out/index.html`. Chart.js 4 (its UMD build, read from node_modules when the page is
 * written) is inlined, so the page opens from disk without any network; a Content-Security-
 * Policy forbids every fetch. Tables carry the same numbers as the charts, server-rendered,
 * for screen readers, printing and copying. Only per-unit aggregates appear: no 身份证号, no
 * names, no per-person wages or pay.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import {
  STATUS_COLORS,
  type AwardYear,
  type DashboardData,
  type DocumentEntry,
  type DeadlineCell,
  type LeaveFigures,
  type LeaveYear,
} from "../workflows/dashboard";
import { STATUS_LABELS, type DeadlineStatus } from "../rules/deadlines";
import { formatYuan } from "../rules/money";
import { writeFileAtomic } from "./files";
import { UserFacingError, EXIT } from "./io";

/** The order states are listed in (legend, totals, doughnut). */
const STATUS_ORDER: readonly DeadlineStatus[] = ["overdue", "due-soon", "open", "done"];

/** Where Chart.js's UMD build lives: beside the package's main file in node_modules. */
export function chartJsPath(): string {
  const bases = [
    path.join(process.cwd(), "package.json"),
    typeof __filename === "string" ? __filename : path.join(process.cwd(), "index.js"),
  ];
  for (const base of bases) {
    try {
      const main = createRequire(base).resolve("chart.js");
      const umd = path.join(path.dirname(main), "chart.umd.js");
      if (fs.existsSync(umd)) return umd;
    } catch {
      // try the next base
    }
  }
  throw new UserFacingError(
    "找不到图表库 chart.js（node_modules/chart.js/dist/chart.umd.js），请先在项目目录运行 npm install",
    EXIT.usage,
  );
}

/** The Chart.js source to inline. */
export function chartJsSource(): string {
  return fs.readFileSync(chartJsPath(), "utf8");
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** JavaScript safe inside a <script> element. */
function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

const num = (n: number): string => n.toLocaleString("en-US");
const yuan = (fen: number): string => formatYuan(fen);
const percent = (part: number, whole: number): string =>
  whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : "—";

function cellText(cell: DeadlineCell): { main: string; sub: string[]; title: string } {
  const main = STATUS_LABELS[cell.status];
  const parts: string[] = [];
  if (cell.total > 1) parts.push(`完成 ${cell.done}/${cell.total}`);
  if (cell.daysLeft !== null) {
    parts.push(cell.daysLeft < 0 ? `逾期 ${-cell.daysLeft} 天` : `剩 ${cell.daysLeft} 天`);
  }
  const detail = [
    `共 ${cell.total} 项`,
    `已完成 ${cell.done}`,
    `已逾期 ${cell.overdue}`,
    `即将到期 ${cell.dueSoon}`,
    `未到期 ${cell.open}`,
  ].join("，");
  return { main, sub: parts, title: detail };
}

function deadlineSection(data: DashboardData): string {
  const { columns, rows, totals } = data.deadlines;
  if (columns.length === 0) {
    return `<p class="empty">暂无期限事项。</p>`;
  }
  const years: { year: number; span: number }[] = [];
  for (const c of columns) {
    const last = years[years.length - 1];
    if (last && last.year === c.year) last.span++;
    else years.push({ year: c.year, span: 1 });
  }
  const head1 = years
    .map((y) => `<th scope="colgroup" colspan="${y.span}">${y.year} 年度</th>`)
    .join("");
  const head2 = columns.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join("");
  const body = rows
    .map((r) => {
      const cells = r.cells
        .map((cell) => {
          if (!cell) return `<td class="st-none" title="无此事项">—</td>`;
          const t = cellText(cell);
          return (
            `<td class="st-${cell.status}" title="${escapeHtml(t.title)}">` +
            `<span class="st-main">${escapeHtml(t.main)}</span>` +
            t.sub.map((line) => `<span class="st-sub">${escapeHtml(line)}</span>`).join("") +
            `</td>`
          );
        })
        .join("");
      return `<tr><th scope="row">${escapeHtml(r.unit)}</th>${cells}</tr>`;
    })
    .join("\n");
  const legend = STATUS_ORDER.map(
    (s) =>
      `<li><span class="swatch st-${s}"></span>${STATUS_LABELS[s]} <strong>${num(totals[s])}</strong> 项</li>`,
  ).join("");
  const byColumn = columns.map((c, i) => {
    const sum = { overdue: 0, "due-soon": 0, open: 0, done: 0, total: 0 };
    for (const r of rows) {
      const cell = r.cells[i];
      if (!cell) continue;
      sum.overdue += cell.overdue;
      sum["due-soon"] += cell.dueSoon;
      sum.open += cell.open;
      sum.done += cell.done;
      sum.total += cell.total;
    }
    return { column: c, sum };
  });
  const kindRows = byColumn
    .map(
      ({ column, sum }) =>
        `<tr><th scope="row">${column.year} 年度 ${escapeHtml(column.label)}</th>` +
        STATUS_ORDER.map((s) => `<td>${num(sum[s])}</td>`).join("") +
        `<td>${num(sum.total)}</td></tr>`,
    )
    .join("");
  const totalAll = STATUS_ORDER.reduce((n, s) => n + totals[s], 0);
  return `
<div class="status-top">
<div class="chart doughnut"><canvas id="chart-status" role="img" aria-label="全部期限事项按状态的分布"></canvas></div>
<div><ul class="legend" aria-label="图例与合计">${legend}</ul>
<p class="hint">共 ${num(totalAll)} 项。按单位、事项和年度汇总；“未休年休假报酬另行支付”按人计，单元格显示已完成人数/应支付人数。把鼠标停在单元格上可看明细。</p></div>
</div>
<div class="grid-wrap"><table class="grid" id="deadline-grid">
<caption>各单位期限事项状态（红=已逾期，黄=即将到期，蓝=未到期，绿=已完成；“—”为无此事项）</caption>
<thead><tr><th scope="col" rowspan="2">单位</th>${head1}</tr><tr>${head2}</tr></thead>
<tbody>
${body}
</tbody></table></div>
<details><summary>数据表：按事项统计</summary><table class="figures">
<caption>各事项按状态的项数（全部单位）</caption>
<thead><tr><th scope="col">事项</th>${STATUS_ORDER.map((s) => `<th scope="col">${STATUS_LABELS[s]}</th>`).join("")}<th scope="col">合计</th></tr></thead>
<tbody>${kindRows}</tbody></table></details>`;
}

function leaveTable(year: LeaveYear): string {
  const row = (label: string, f: LeaveFigures, total = false): string =>
    `<tr${total ? ' class="total"' : ""}><th scope="row">${escapeHtml(label)}</th>` +
    `<td>${num(f.people)}</td><td>${num(f.entitledDays)}</td><td>${num(f.usedDays)}</td>` +
    `<td>${num(f.unusedDays)}</td><td>${percent(f.usedDays, f.entitledDays)}</td></tr>`;
  return `<table class="figures" data-year="${year.year}">
<caption>${year.year} 年度各单位年休假（天）</caption>
<thead><tr><th scope="col">单位</th><th scope="col">人数</th><th scope="col">应休天数</th><th scope="col">已休天数</th><th scope="col">未休天数</th><th scope="col">休假率</th></tr></thead>
<tbody>${year.rows.map((r) => row(r.unit, r)).join("")}</tbody>
<tfoot>${row("合计", year.totals, true)}</tfoot></table>`;
}

/** What the unpaid 另行支付 of a year is called: 逾期未付 once due, 未到期未付 before. */
function owedLabel(year: number, asOf: string): string {
  return asOf > `${year + 1}-03-31` ? "逾期未付" : "未到期未付";
}

function payTable(year: LeaveYear, asOf: string): string {
  const owed = owedLabel(year.year, asOf);
  const row = (label: string, f: LeaveFigures, total = false): string =>
    `<tr${total ? ' class="total"' : ""}><th scope="row">${escapeHtml(label)}</th>` +
    `<td>${yuan(f.unusedPayFen)}</td><td>${yuan(f.extraFen)}</td>` +
    `<td>${yuan(f.extraPaidFen)}</td><td>${num(f.paidPeople)}</td>` +
    `<td>${yuan(f.extraOwedFen)}</td><td>${num(f.owedPeople)}</td></tr>`;
  return `<table class="figures" data-year="${year.year}">
<caption>${year.year} 年度各单位未休年休假报酬（元；另行支付截止 ${year.year + 1} 年 3 月 31 日）</caption>
<thead><tr><th scope="col">单位</th><th scope="col">未休年休假报酬</th><th scope="col">其中另行支付</th><th scope="col">已支付</th><th scope="col">已支付人数</th><th scope="col">${owed}</th><th scope="col">未付人数</th></tr></thead>
<tbody>${year.rows.map((r) => row(r.unit, r)).join("")}</tbody>
<tfoot>${row("合计", year.totals, true)}</tfoot></table>`;
}

function awardTable(year: AwardYear): string {
  const rows = year.types
    .map(
      (t) =>
        `<tr><th scope="row">${escapeHtml(t.type)}</th><td>${num(t.count)}</td><td>${yuan(t.bonusFen)}</td></tr>`,
    )
    .join("");
  return `<table class="figures" data-year="${year.year}">
<caption>${year.year} 年度奖励（按奖励类型）</caption>
<thead><tr><th scope="col">奖励类型</th><th scope="col">人次</th><th scope="col">奖金（元）</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr class="total"><th scope="row">合计</th><td>${num(year.totalCount)}</td><td>${yuan(year.totalBonusFen)}</td></tr></tfoot></table>`;
}

function documentSection(data: DashboardData): string {
  if (data.documents.length === 0) return `<p class="empty">尚未生成文档。</p>`;
  const rows = data.documents
    .map(
      (d) =>
        `<tr><td>${escapeHtml(d.type)}</td><td>${d.year ?? ""}</td><td>${escapeHtml(d.unit ?? "全县")}</td>` +
        `<td><a href="${escapeHtml(d.href)}">${escapeHtml(d.title)}</a></td><td>${escapeHtml(d.number ?? "")}</td></tr>`,
    )
    .join("\n");
  return `<table class="figures docs">
<caption>共 ${num(data.documents.length)} 份文档（点击标题打开）</caption>
<thead><tr><th scope="col">类型</th><th scope="col">年度</th><th scope="col">单位</th><th scope="col">标题</th><th scope="col">文号</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function cards(data: DashboardData, chartYears: number[]): string {
  const t = data.deadlines.totals;
  const o = data.overdue;
  const perYear = chartYears
    .map((y) => {
      const leave = data.leave.find((l) => l.year === y);
      const awards = data.awards.find((a) => a.year === y);
      const leaveCard = leave
        ? `<div class="card" data-year="${y}"><div class="card-label">${y} 年度年休假 已休 / 应休</div>` +
          `<div class="card-value">${num(leave.totals.usedDays)} / ${num(leave.totals.entitledDays)} 天</div>` +
          `<div class="card-note">休假率 ${percent(leave.totals.usedDays, leave.totals.entitledDays)}</div></div>`
        : "";
      const awardCard = awards
        ? `<div class="card" data-year="${y}"><div class="card-label">${y} 年度奖励</div>` +
          `<div class="card-value">${num(awards.totalCount)} 人次</div>` +
          `<div class="card-note">奖金 ${yuan(awards.totalBonusFen)} 元</div></div>`
        : "";
      return leaveCard + awardCard;
    })
    .join("");
  return `<section class="cards" aria-label="概览">
<div class="card c-overdue"><div class="card-label">已逾期事项（同通报批评口径）</div><div class="card-value">${num(o.items)} 项</div><div class="card-note">${num(o.units)} 个单位，每个单位每个事项计 1 项；其中未休年休假报酬另行支付逾期未付 ${num(o.people)} 人（按人计）${o.other ? `；另有谈心谈话跟进逾期 ${num(o.other)} 项` : ""}；即将到期 ${num(t["due-soon"])} 项（按人计）</div></div>
<div class="card c-owed"><div class="card-label">未休年休假报酬另行支付·逾期未付</div><div class="card-value">${yuan(data.owedOverdueFen)} 元</div><div class="card-note">${num(data.owedOverduePeople)} 人；另有未到期 ${yuan(data.owedAllYearsFen - data.owedOverdueFen)} 元（${num(data.owedAllYearsPeople - data.owedOverduePeople)} 人）</div></div>
${perYear}
</section>`;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC","WenQuanYi Micro Hei",sans-serif;color:#202124;background:#f1f3f4;font-size:14px;line-height:1.5}
header{background:#8b1a1a;color:#fff;padding:16px 24px;display:flex;flex-wrap:wrap;align-items:flex-end;gap:8px 24px}
header h1{margin:0;font-size:22px;font-weight:600;flex:1 1 auto}
header .asof{margin:0;font-size:14px;opacity:.95}
header label{font-size:14px}
header select{font-size:14px;padding:2px 6px;margin-left:6px}
main{max-width:1280px;margin:0 auto;padding:16px 24px 32px}
section.panel{background:#fff;border-radius:8px;box-shadow:0 1px 2px rgba(60,64,67,.3);padding:16px 20px;margin:16px 0}
section.panel h2{font-size:17px;margin:0 0 12px;color:#3c4043}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px;margin-top:4px}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 2px rgba(60,64,67,.3);padding:12px 16px;border-top:4px solid #1a73e8}
.card.c-overdue{border-top-color:#d93025}.card.c-owed{border-top-color:#f29900}
.card-label{color:#5f6368;font-size:13px}.card-value{font-size:22px;font-weight:600;margin:2px 0}.card-note{color:#5f6368;font-size:12px}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:6px 20px;padding:0;margin:0 0 10px}
.legend li{display:flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:16px;height:16px;border-radius:3px;border:1px solid rgba(0,0,0,.15)}
.grid-wrap{overflow-x:auto}
table{border-collapse:collapse}
table caption{caption-side:top;text-align:left;color:#5f6368;font-size:12px;padding:4px 0}
table.grid{width:100%;font-size:12px}
table.grid th,table.grid td{border:1px solid #fff;padding:4px 6px;text-align:center}
table.grid thead th{background:#e8eaed;font-weight:600}
table.grid tbody th{background:#f8f9fa;text-align:left;white-space:nowrap;font-weight:500}
table.grid td{min-width:72px}
table.grid .st-main{display:block;font-weight:600}
table.grid .st-sub{display:block;font-size:11px}
${STATUS_ORDER.map((s) => `.st-${s}{background:${STATUS_COLORS[s].fill};color:${STATUS_COLORS[s].text}}`).join("\n")}
.st-none{background:#fafafa;color:#9aa0a6}
.status-top{display:flex;flex-wrap:wrap;align-items:center;gap:8px 24px;margin-bottom:8px}
.chart.doughnut{width:180px;height:180px;flex:0 0 auto}
.hint{color:#5f6368;font-size:12px;margin:4px 0 0;max-width:720px}
.chart{position:relative;width:100%}
details{margin-top:10px}
summary{cursor:pointer;color:#1a73e8}
table.figures{width:100%;font-size:13px;margin-top:6px}
table.figures th,table.figures td{border-bottom:1px solid #e8eaed;padding:4px 8px;text-align:right;white-space:nowrap}
table.figures th[scope=row],table.figures thead th:first-child{text-align:left}
table.figures thead th{color:#5f6368;font-weight:500}
table.figures tr.total th,table.figures tr.total td{font-weight:600;border-top:2px solid #bdc1c6}
table.docs td{text-align:left;white-space:normal}
a{color:#1a73e8}
.empty{color:#5f6368}
footer{max-width:1280px;margin:0 auto;padding:0 24px 24px;color:#5f6368;font-size:12px}
[hidden]{display:none!important}
@media print{header{background:#fff;color:#000}section.panel{box-shadow:none;border:1px solid #ddd}details{display:block}}
`;

/** The page's own script: builds the charts from the embedded JSON and switches years. */
const CLIENT = `
(function () {
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var font = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.family = font;
  Chart.defaults.font.size = 12;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.position = "bottom";
  var yuan = function (fen) {
    return (fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  };
  var find = function (list, year) {
    for (var i = 0; i < list.length; i++) if (list[i].year === year) return list[i];
    return null;
  };
  var charts = {};
  window.dashboardCharts = charts;

  var totals = data.deadlines.totals;
  charts.status = new Chart(document.getElementById("chart-status"), {
    type: "doughnut",
    data: {
      labels: data.statusLabels,
      datasets: [{ data: data.statusOrder.map(function (s) { return totals[s]; }),
        backgroundColor: data.statusOrder.map(function (s) { return data.statusChart[s]; }) }]
    },
    options: { cutout: "55%", plugins: { legend: { display: false } } }
  });

  var leaveSets = function (year) {
    var y = find(data.leave, year);
    var rows = y ? y.rows : [];
    return {
      labels: rows.map(function (r) { return r.unit; }),
      datasets: [
        { label: "应休天数", data: rows.map(function (r) { return r.entitledDays; }), backgroundColor: "#a8c7fa" },
        { label: "已休天数", data: rows.map(function (r) { return r.usedDays; }), backgroundColor: "#1a73e8" }
      ]
    };
  };
  var paySets = function (year) {
    var y = find(data.leave, year);
    var rows = y ? y.rows : [];
    return {
      labels: rows.map(function (r) { return r.unit; }),
      datasets: [
        { label: data.asOf > (year + 1) + "-03-31" ? "逾期未付（元）" : "未到期未付（元）", data: rows.map(function (r) { return r.extraOwedFen / 100; }), backgroundColor: "#d93025" },
        { label: "已支付（元）", data: rows.map(function (r) { return r.extraPaidFen / 100; }), backgroundColor: "#1e8e3e" }
      ]
    };
  };
  var awardSets = function (year) {
    var y = find(data.awards, year);
    var types = y ? y.types : [];
    return {
      labels: types.map(function (t) { return t.type; }),
      datasets: [
        { label: "奖金（元）", data: types.map(function (t) { return t.bonusFen / 100; }), backgroundColor: "#8b1a1a", yAxisID: "y" },
        { label: "人次", data: types.map(function (t) { return t.count; }), backgroundColor: "#f9ab00", yAxisID: "y1" }
      ]
    };
  };
  var moneyTick = function (v) { return Number(v).toLocaleString("zh-CN"); };
  var moneyTip = function (ctx) { return ctx.dataset.label + "：" + yuan(Math.round(ctx.raw * 100)); };

  charts.leave = new Chart(document.getElementById("chart-leave"), {
    type: "bar",
    data: leaveSets(data.defaultYear),
    options: { indexAxis: "y", scales: { x: { beginAtZero: true, title: { display: true, text: "天" } } } }
  });
  charts.pay = new Chart(document.getElementById("chart-pay"), {
    type: "bar",
    data: paySets(data.defaultYear),
    options: {
      indexAxis: "y",
      scales: { x: { beginAtZero: true, ticks: { callback: moneyTick }, title: { display: true, text: "元" } } },
      plugins: { tooltip: { callbacks: { label: moneyTip } } }
    }
  });
  charts.awards = new Chart(document.getElementById("chart-awards"), {
    type: "bar",
    data: awardSets(data.defaultYear),
    options: {
      scales: {
        y: { beginAtZero: true, position: "left", ticks: { callback: moneyTick }, title: { display: true, text: "奖金（元）" } },
        y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, ticks: { precision: 0 }, title: { display: true, text: "人次" } }
      },
      plugins: { tooltip: { callbacks: { label: function (ctx) {
        return ctx.dataset.yAxisID === "y" ? moneyTip(ctx) : ctx.dataset.label + "：" + ctx.raw;
      } } } }
    }
  });

  var select = document.getElementById("year");
  var show = function (year) {
    var nodes = document.querySelectorAll("[data-year]");
    for (var i = 0; i < nodes.length; i++) nodes[i].hidden = Number(nodes[i].getAttribute("data-year")) !== year;
    var labels = document.querySelectorAll(".year-label");
    for (var j = 0; j < labels.length; j++) labels[j].textContent = String(year);
    charts.leave.data = leaveSets(year); charts.leave.update();
    charts.pay.data = paySets(year); charts.pay.update();
    charts.awards.data = awardSets(year); charts.awards.update();
  };
  if (select) select.addEventListener("change", function () { show(Number(select.value)); });
  show(data.defaultYear);
  document.documentElement.setAttribute("data-charts", "ready");
})();
`;

/** Height in px of a horizontal bar chart with `n` categories. */
function barHeight(n: number): number {
  return Math.max(220, 60 + n * 34);
}

/** The complete HTML page. `chartJs` is Chart.js's UMD source, inlined as it is. */
export function renderDashboardHtml(data: DashboardData, chartJs: string): string {
  const chartYears = data.years.filter(
    (y) => data.leave.some((l) => l.year === y) || data.awards.some((a) => a.year === y),
  );
  const defaultYear = chartYears.includes(data.defaultYear)
    ? data.defaultYear
    : (chartYears[chartYears.length - 1] ?? data.defaultYear);
  const maxUnits = Math.max(1, ...data.leave.map((l) => l.rows.length));
  const title = `${data.county}干部关怀激励工作仪表盘`;
  const options = chartYears
    .map((y) => `<option value="${y}"${y === defaultYear ? " selected" : ""}>${y} 年度</option>`)
    .join("");
  const clientData = {
    defaultYear,
    asOf: data.asOf,
    leave: data.leave.map((l) => ({
      year: l.year,
      rows: l.rows.map((r) => ({
        unit: r.unit,
        entitledDays: r.entitledDays,
        usedDays: r.usedDays,
        extraOwedFen: r.extraOwedFen,
        extraPaidFen: r.extraPaidFen,
      })),
    })),
    awards: data.awards.map((a) => ({ year: a.year, types: a.types })),
    deadlines: { totals: data.deadlines.totals },
    statusOrder: STATUS_ORDER,
    statusLabels: STATUS_ORDER.map((s) => STATUS_LABELS[s]),
    statusChart: { overdue: "#d93025", "due-soon": "#f9ab00", open: "#8ab4f8", done: "#34a853" },
  };
  const warnings = data.warnings.length
    ? `<ul>${data.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join("")}</ul>`
    : "";
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="asof">数据截至 ${escapeHtml(data.asOfText)}</p>
${chartYears.length ? `<label>年度<select id="year" aria-label="选择年度">${options}</select></label>` : ""}
</header>
<main>
${cards(data, chartYears)}
<section class="panel" id="deadlines">
<h2>期限事项完成情况（按单位）</h2>
${deadlineSection(data)}
</section>
<section class="panel" id="leave">
<h2><span class="year-label">${defaultYear}</span> 年度年休假：应休与已休（按单位）</h2>
<div class="chart" style="height:${barHeight(maxUnits)}px"><canvas id="chart-leave" role="img" aria-label="各单位应休天数与已休天数"></canvas></div>
<details><summary>数据表</summary>${data.leave.map(leaveTable).join("\n")}</details>
</section>
<section class="panel" id="pay">
<h2><span class="year-label">${defaultYear}</span> 年度未休年休假报酬另行支付：未付与已支付（按单位）</h2>
<div class="chart" style="height:${barHeight(maxUnits)}px"><canvas id="chart-pay" role="img" aria-label="各单位另行支付的未付与已支付金额"></canvas></div>
<details><summary>数据表</summary>${data.leave.map((l) => payTable(l, data.asOf)).join("\n")}</details>
</section>
<section class="panel" id="awards">
<h2><span class="year-label">${defaultYear}</span> 年度奖励：按奖励类型的人次与奖金</h2>
<div class="chart" style="height:320px"><canvas id="chart-awards" role="img" aria-label="各奖励类型的人次与奖金合计"></canvas></div>
<details><summary>数据表</summary>${data.awards.map(awardTable).join("\n")}</details>
</section>
<section class="panel" id="documents">
<h2>已生成文档</h2>
${documentSection(data)}
</section>
</main>
<footer>
<p>依据魏字〔2021〕30号《关于建立健全干部关怀激励机制的意见》。本页仅含各单位汇总数据，不含身份证号、个人工资或个人报酬；金额单位为元，按分精确汇总。期限：年休假计划每年3月31日前备案；未休年休假报酬另行支付部分于次年3月31日前一次性支付；体检方案及体检情况按参数所设日期备案。</p>
${warnings}
</footer>
<script type="application/json" id="dashboard-data">${scriptJson(clientData)}</script>
<script>${inlineScript(chartJs)}</script>
<script>${CLIENT}</script>
</body>
</html>
`;
}

/**
 * The documents listed in a documents.json (issue 6 §3) as the dashboard links them; an
 * absent file gives an empty list, a malformed one a Chinese error.
 */
export function readDocumentList(file: string): DocumentEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UserFacingError(`文档清单 ${file} 不是有效的 JSON`, EXIT.usage);
  }
  if (!Array.isArray(parsed)) throw new UserFacingError(`文档清单 ${file} 应为数组`, EXIT.usage);
  const str = (v: unknown): string => (typeof v === "string" ? v : "");
  return parsed
    .filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null)
    .filter((e) => typeof e.file === "string" && e.file !== "")
    .map((e) => ({
      type: str(e.type),
      year: typeof e.year === "number" ? e.year : null,
      unit: typeof e.unit === "string" ? e.unit : null,
      title: str(e.title) || str(e.file),
      number: typeof e.number === "string" ? e.number : null,
      file: str(e.file),
      date: str(e.date),
    }));
}

/** Write the dashboard page to `outFile` (atomically), with Chart.js inlined. */
export async function writeDashboard(
  outFile: string,
  data: DashboardData,
  chartJs: string = chartJsSource(),
): Promise<void> {
  await fs.promises.mkdir(path.dirname(path.resolve(outFile)), { recursive: true });
  await writeFileAtomic(outFile, new TextEncoder().encode(renderDashboardHtml(data, chartJs)));
}
