declare module "docxtemplater/js/scope-manager.js" {
  /** docxtemplater's ScopeManager factory (what render() builds for each part). */
  export default function createScope(options: {
    tags: unknown;
    parser: unknown;
    cachedParsers: unknown;
  }): unknown;
}

declare module "docxtemplater/js/render.js" {
  /** docxtemplater's render of a compiled part: the output pieces and the errors. */
  export default function render(options: unknown): { errors: unknown[]; parts: unknown[] };
}

declare module "docxtemplater/js/join-uncorrupt.js" {
  /** docxtemplater's join step (the reference test/documents/templates.test.ts compares with). */
  export default function joinUncorrupt(parts: unknown[], options: unknown): unknown[];
}

declare module "docxtemplater/js/file-type-config.js" {
  /** docxtemplater's per-format settings (tagShouldContain: the join step's rules). */
  const config: { docx(): Record<string, unknown> };
  export default config;
}

declare module "docxtemplater/js/modules/space-preserve.js" {
  /** docxtemplater's space-preserve module (its postrender is what the test compares with). */
  export default function spacePreserve(): { postrender(parts: unknown[]): unknown[] };
}
