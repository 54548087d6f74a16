/** In-memory Apps Script services for adapter and workflow tests. */
export * from "./spreadsheetApp";
export * from "./scriptApp";
