import { defineConfig } from 'vitest/config';

// npm run test:region: several real server processes on one PostgreSQL behind HAProxy
// (src/tools/region.ts), tested through the load balancer (test/region/). Needs TEST_DATABASE_URL;
// each file makes a fresh database beside it. One file at a time: each runs a whole region.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'hono/jsx' },
  test: {
    include: ['test/region/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
