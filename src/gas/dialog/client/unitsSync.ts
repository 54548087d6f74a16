/** 同步单位表格 (dist/dialog-units-sync.html; ./units.ts). */
import { unitsDialog } from "./units";

unitsDialog("sync");
