/** An in-memory PropertiesService (script and document properties), counting calls. */
export interface FakePropertiesService {
  PropertiesService: Pick<
    GoogleAppsScript.Properties.PropertiesService,
    "getScriptProperties" | "getDocumentProperties"
  >;
  values: Map<string, string>;
  /** The document properties (of the bound spreadsheet), a separate store. */
  documentValues: Map<string, string>;
  calls: Record<string, number>;
  /** Runs before every write; throw from it to simulate a run killed at that point. */
  beforeWrite: (() => void) | null;
}

export function createFakeProperties(): FakePropertiesService {
  const fake: FakePropertiesService = {
    values: new Map(),
    documentValues: new Map(),
    calls: {},
    beforeWrite: null,
    PropertiesService: undefined as unknown as FakePropertiesService["PropertiesService"],
  };
  const count = (name: string) => {
    fake.calls[name] = (fake.calls[name] ?? 0) + 1;
  };
  const store = (values: Map<string, string>) => {
    const props = {
      getProperty(key: string): string | null {
        count("getProperty");
        return values.get(key) ?? null;
      },
      setProperty(key: string, value: string) {
        count("setProperty");
        fake.beforeWrite?.();
        values.set(key, String(value));
        return props;
      },
      deleteProperty(key: string) {
        count("deleteProperty");
        fake.beforeWrite?.();
        values.delete(key);
        return props;
      },
    };
    return props;
  };
  const script = store(fake.values);
  const document = store(fake.documentValues);
  fake.PropertiesService = {
    getScriptProperties: () => {
      count("getScriptProperties");
      return script;
    },
    getDocumentProperties: () => {
      count("getDocumentProperties");
      return document;
    },
  } as unknown as FakePropertiesService["PropertiesService"];
  return fake;
}
