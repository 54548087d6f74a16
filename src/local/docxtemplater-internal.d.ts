declare module "docxtemplater/js/scope-manager.js" {
  /** docxtemplater's ScopeManager factory (what render() builds for each part). */
  export default function createScope(options: {
    tags: unknown;
    parser: unknown;
    cachedParsers: unknown;
  }): unknown;
}
