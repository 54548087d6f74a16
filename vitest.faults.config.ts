import { defineConfig } from "vitest/config";

/** `npm run test:faults`: the long randomized fault suite (test/faults/*.faults.ts), one file at a time. */
export default defineConfig({
  test: {
    include: ["test/faults/**/*.faults.ts"],
    testTimeout: 3_600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
