import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// Route tests inside workerd (the Workers runtime), against the local PostgreSQL through the
// Hyperdrive binding of wrangler.toml. `.ci/workers.sh` makes a fresh migrated database and passes
// its URL as WORKERS_DATABASE_URL (it must contain a password; trust auth ignores it).
const url = process.env.WORKERS_DATABASE_URL;
if (!url) throw new Error('WORKERS_DATABASE_URL is not set: run bash .ci/workers.sh, or set it to a migrated database (postgres://postgres:postgres@127.0.0.1:5432/<db>)');

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'hono/jsx' } },
  plugins: [
    cloudflareTest({
      main: './src/worker.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        hyperdrives: { HYPERDRIVE: url },
        bindings: { DATABASE_URL_FOR_TESTS: url, PUSH_ALLOW_INSECURE_ENDPOINTS: '1' },
      },
    }),
  ],
  test: {
    include: ['test/workers/**/*.workerd.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
