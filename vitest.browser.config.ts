import { defineConfig } from 'vitest/config';

// Browser tests drive Debian's Chromium against the app on the embedded database.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'hono/jsx' },
  test: {
    include: ['test/browser/**/*.test.{ts,tsx}'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // what a page shows after a server-side change (SSE, then an htmx fetch): a loaded CI machine
    // can take more than expect.poll's default second; a page that never changes still fails
    expect: { poll: { timeout: 15_000 } },
    pool: 'forks',
    fileParallelism: false,
    env: { TEST_DB: 'pglite' },
    globalSetup: ['test/helpers/setup-pglite.ts'],
  },
});
