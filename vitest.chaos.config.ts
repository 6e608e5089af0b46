import { defineConfig } from 'vitest/config';

// npm run test:chaos: the real server in a child process while its database connections are cut
// and while it is killed with SIGKILL (test/chaos/). PostgreSQL cases need TEST_DATABASE_URL; each
// makes a fresh database beside it. One file at a time: each runs a loaded server.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'hono/jsx' },
  test: {
    include: ['test/chaos/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
