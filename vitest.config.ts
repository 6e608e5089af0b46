import { defineConfig } from 'vitest/config';

// The same suite runs on the embedded database, and on PostgreSQL when TEST_DATABASE_URL is set.
const common = {
  include: ['test/**/*.test.{ts,tsx}'],
  exclude: [
    'test/browser/**',
    'test/bench/**',
    'test/chaos/**',
    'test/region/**',
    'node_modules/**',
  ],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
  // what arrives after commit (a mail at the SMTP server, a live page): a loaded CI machine can
  // take more than expect.poll's default second; what never arrives still fails
  expect: { poll: { timeout: 15_000 } },
};

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'hono/jsx' },
  test: {
    projects: [
      {
        extends: true as const,
        test: {
          ...common,
          name: 'pglite',
          env: { TEST_DB: 'pglite' },
          globalSetup: ['test/helpers/setup-pglite.ts'],
        },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              test: {
                ...common,
                name: 'postgres',
                env: { TEST_DB: 'postgres' },
                globalSetup: ['test/helpers/setup-postgres.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
