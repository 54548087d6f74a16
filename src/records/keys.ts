/**
 * The natural key of a row per sheet: the columns that identify one record, whatever row it is
 * in. Collection finds a hub row again by it (src/workflows/units.ts); a dialog's write refuses
 * a second row with the same key (src/gas/dialog/server.ts).
 */
export const RECORD_KEYS: Readonly<Record<string, readonly string[]>> = {
  单位: ["单位名称"],
  人员: ["人员编号"],
  奖励: ["年度", "人员编号", "奖励类型"],
  年休假: ["年度", "人员编号"],
  休假记录: ["人员编号", "开始日期"],
  年休假计划: ["年度", "单位"],
  体检: ["年度", "单位"],
  培训: ["日期", "单位", "形式"],
  谈心谈话: ["日期", "单位", "类型"],
  考核: ["年度", "人员编号"],
  单位考核: ["年度", "单位"],
  节假日: ["日期"],
};
