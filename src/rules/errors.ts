/**
 * An input a person typed cannot be used. The message is Chinese, says what is wrong and
 * what is expected, and is shown to the user after the prefix `错误：`.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** The prefix every cell-level error text starts with. */
export const ERROR_PREFIX = "错误：";

/** The message of a thrown value (one function: each copy of the test costs the bundle ~35 bytes). */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Text for a cell whose row could not be computed. */
export function errorText(err: unknown): string {
  if (err instanceof InputError) return ERROR_PREFIX + err.message;
  return `${ERROR_PREFIX}无法计算（${messageOf(err)}），请检查本行输入`;
}

/** True for a value that is an error text produced by this system. */
export function isErrorText(value: unknown): boolean {
  return typeof value === "string" && value.startsWith(ERROR_PREFIX);
}
