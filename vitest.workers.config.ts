import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// Workers tests (`bash .ci/workers.sh` makes a fresh migrated database and runs them):
// - workerd: route tests inside the Workers runtime, src/worker.ts with the bindings of wrangler.toml,
//   PostgreSQL through the Hyperdrive binding pointed at WORKERS_DATABASE_URL;
// - wrangler-dev: on Node, a smoke run of `wrangler dev --test-scheduled` against the same database.
// The URL must contain a password (Hyperdrive requires one; trust auth ignores it).
const url = process.env.WORKERS_DATABASE_URL;
if (!url)
  throw new Error(
    'WORKERS_DATABASE_URL is not set: run bash .ci/workers.sh, or set it to a migrated database (postgres://postgres:postgres@127.0.0.1:5432/<db>)',
  );

const jsx = { jsx: { runtime: 'automatic' as const, importSource: 'hono/jsx' } };

export default defineConfig({
  oxc: jsx,
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // one after the other: the smoke run's cron and the workerd tests share the database
    fileParallelism: false,
    projects: [
      {
        oxc: jsx,
        plugins: [
          cloudflareTest({
            main: './src/worker.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { hyperdrives: { HYPERDRIVE: url } },
          }),
        ],
        test: {
          name: 'workerd',
          include: ['test/workers/**/*.workerd.ts'],
          // on Node: a local server playing Brevo's API, for the cron's mail (brevo-setup.ts)
          globalSetup: ['test/workers/brevo-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        oxc: jsx,
        test: {
          name: 'wrangler-dev',
          include: ['test/workers/**/*.smoke.ts'],
          pool: 'forks',
          env: { WORKERS_DATABASE_URL: url },
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
