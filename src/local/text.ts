/**
 * Text files people hand the CLI (a roster saved as .csv, a notice pasted into Notepad): UTF-8
 * with or without a BOM, UTF-16 with a BOM, or GBK — what Excel and Notepad in China save as
 * “ANSI”. Node's own TextDecoder (full ICU) reads GB 18030, a superset of GBK, so no library
 * is needed.
 */
import * as fs from "node:fs";
import { UserFacingError } from "./io";

export interface TextFile {
  text: string;
  encoding: "UTF-8" | "UTF-16" | "GBK";
}

/** Decode bytes: a BOM decides; otherwise UTF-8 if the bytes are valid UTF-8, else GBK. */
export function decodeText(data: Uint8Array): TextFile {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
    return { text: new TextDecoder("utf-8").decode(data.subarray(3)), encoding: "UTF-8" };
  }
  if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) {
    const le = data[0] === 0xff;
    return {
      text: new TextDecoder(le ? "utf-16le" : "utf-16be").decode(data.subarray(2)),
      encoding: "UTF-16",
    };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(data), encoding: "UTF-8" };
  } catch {
    return { text: new TextDecoder("gb18030").decode(data), encoding: "GBK" };
  }
}

/** Read a text file; a Chinese UserFacingError (exit 2) when it cannot be read. */
export function readTextFile(file: string, what: string): TextFile {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UserFacingError(`找不到${what}“${file}”，请检查路径`);
    if (code === "EISDIR") throw new UserFacingError(`“${file}”是文件夹，不是${what}`);
    throw new UserFacingError(`无法读取${what}“${file}”：没有权限或文件被占用`);
  }
  return decodeText(data);
}
