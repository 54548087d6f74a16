import type { BuildOptions, Metafile } from "esbuild";

export declare const GAS_GLOBAL: string;
export declare const GAS_MAX_BYTES: number;
export declare function gasBuildOptions(options?: { minify?: boolean }): BuildOptions & {
  write: false;
  metafile: true;
};
export declare function bytesByInput(metafile: Metafile): [string, number][];
