/** An in-memory PropertiesService (script properties), counting calls. */
export interface FakePropertiesService {
  PropertiesService: Pick<GoogleAppsScript.Properties.PropertiesService, "getScriptProperties">;
  values: Map<string, string>;
  calls: Record<string, number>;
  /** Runs before every write; throw from it to simulate a run killed at that point. */
  beforeWrite: (() => void) | null;
}

export function createFakeProperties(): FakePropertiesService {
  const fake: FakePropertiesService = {
    values: new Map(),
    calls: {},
    beforeWrite: null,
    PropertiesService: undefined as unknown as FakePropertiesService["PropertiesService"],
  };
  const count = (name: string) => {
    fake.calls[name] = (fake.calls[name] ?? 0) + 1;
  };
  const props = {
    getProperty(key: string): string | null {
      count("getProperty");
      return fake.values.get(key) ?? null;
    },
    setProperty(key: string, value: string) {
      count("setProperty");
      fake.beforeWrite?.();
      fake.values.set(key, String(value));
      return props;
    },
    deleteProperty(key: string) {
      count("deleteProperty");
      fake.beforeWrite?.();
      fake.values.delete(key);
      return props;
    },
  };
  fake.PropertiesService = {
    getScriptProperties: () => {
      count("getScriptProperties");
      return props;
    },
  } as unknown as FakePropertiesService["PropertiesService"];
  return fake;
}
