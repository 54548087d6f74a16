/**
 * One LibreOffice conversion (soffice --headless --convert-to), with a private profile so that
 * it neither clashes with a running LibreOffice nor shows first-start dialogs. Used by the
 * rendering test (docx → pdf) and the hardening test (xlsx → ods).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export interface SofficeOptions {
  /** FONTCONFIG_FILE for the conversion; by default the caller's environment, unset. */
  fontconfigFile?: string;
  timeoutMs?: number;
}

/** Converts `files` to `format` (pdf, ods, …) into `outDir`; returns the output paths. */
export function sofficeConvert(
  files: string[],
  format: string,
  outDir: string,
  options: SofficeOptions = {},
): string[] {
  const profile = mkdtempSync(path.join(tmpdir(), "cadre-lo-"));
  const env = { ...process.env };
  delete env.FONTCONFIG_FILE;
  if (options.fontconfigFile) env.FONTCONFIG_FILE = options.fontconfigFile;
  try {
    execFileSync(
      "soffice",
      [
        `-env:UserInstallation=file://${profile}`,
        "--headless",
        "--convert-to",
        format,
        "--outdir",
        outDir,
        ...files,
      ],
      { stdio: "ignore", timeout: options.timeoutMs ?? 600_000, env },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return files.map((f) => path.join(outDir, `${path.basename(f, path.extname(f))}.${format}`));
}
