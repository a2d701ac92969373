import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

// Unit tests are pure and fast; integration tests talk to real parts (SQLite files, the OS
// keychain, the Snowflake emulator over HTTP), so they get more time and run one file at a time
// per worker to keep the 2-core CI machine from thrashing.
export default defineConfig({
  root,
  test: {
    env: { SNOWFLAKE_DISABLE_PLATFORM_DETECTION: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          setupFiles: ['test/helpers/keychain-guard.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // The reliability suite (npm run test:reliability): seeded fuzzing, secret scans and the
        // like against the same real parts, each test printing its figure and seed. Long and
        // CPU-heavy, so one file at a time; npm test runs it in its own invocation after the others.
        extends: true,
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          setupFiles: ['test/helpers/keychain-guard.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
