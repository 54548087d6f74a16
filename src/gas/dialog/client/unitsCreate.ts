/** 生成单位表格 (dist/dialog-units-create.html; ./units.ts). */
import { unitsDialog } from "./units";

unitsDialog("create");
