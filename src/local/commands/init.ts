import * as fs from "node:fs";
import { XlsxWorkbook } from "../xlsx";
import { EXIT, type CommandIO } from "../io";
import { missingSheets, setupWorkbook } from "../../workflows/setup";
import { misspelledSheets, openWorkbookModel, save, saveWithBackup } from "./workbook";
import { withWorkbookLock } from "../lock";

/** `cadre-care init FILE.xlsx`: a new workbook, or complete an existing one without losing data. */
export async function initCommand(file: string, io: CommandIO): Promise<number> {
  return withWorkbookLock(
    file,
    "init",
    io,
    async (lock) => {
      const exists = fs.existsSync(file);
      const workbook = exists ? await openWorkbookModel(file) : XlsxWorkbook.create();
      const hints = misspelledSheets(workbook.sheetNames(), missingSheets(workbook));
      const result = setupWorkbook(workbook);
      if (exists) {
        const backup = await saveWithBackup(workbook, file, io, lock);
        io.out(`已检查并补全工作簿：${file}`);
        if (result.created.length) io.out(`新建工作表：${result.created.join("、")}`);
        io.out(`原有数据未改动；修改前的副本：${backup}`);
        for (const hint of hints)
          io.err(`注意：${hint}；已另建标准名称的工作表，请把数据移过去后删除原表`);
      } else {
        await save(workbook, file, lock);
        io.out(`已创建工作簿：${file}（${result.created.length} 个工作表）`);
        io.out(`下一步：在「单位」「人员」等工作表中录入数据，然后运行 cadre-care compute ${file}`);
      }
      return EXIT.ok;
    },
    { create: true },
  );
}
