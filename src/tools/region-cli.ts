import { HaproxyMissingError } from './haproxy.js';
import { startRegion, type Region } from './region.js';

// npm run region: N instances of the site (REGION_INSTANCES, default 3) on one PostgreSQL
// (DATABASE_URL) behind HAProxy on PORT (default 8080), until Ctrl-C or SIGTERM.
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error(
    'npm run region needs DATABASE_URL: the PostgreSQL the instances share, e.g.\n' +
      '  DATABASE_URL=postgres://user:password@127.0.0.1:5432/surplus npm run region\n' +
      '(a region cannot run on the embedded database: one process holds its folder)',
  );
  process.exit(2);
}
const instances = Number(process.env.REGION_INSTANCES || 3);
const port = Number(process.env.PORT || 8080);
if (!Number.isInteger(instances) || instances < 1 || instances > 32) {
  console.error(
    `REGION_INSTANCES must be a whole number from 1 to 32, not "${process.env.REGION_INSTANCES}"`,
  );
  process.exit(2);
}
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not "${process.env.PORT}"`);
  process.exit(2);
}

let region: Region;
try {
  region = await startRegion({ instances, databaseUrl, port, log: (l) => console.log(l) });
} catch (e) {
  console.error(e instanceof HaproxyMissingError ? e.message : e);
  process.exit(1);
}
console.log(`\nRegion up: ${region.url} (HAProxy, pid ${region.haproxyPid})`);
for (const i of region.instances) console.log(`  instance i${i.index}: ${i.url} (pid ${i.pid})`);
console.log(`  HAProxy stats: echo "show stat" | socat stdio ${region.statsSocket}`);
console.log('Ctrl-C stops them all.');

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the instances and HAProxy...`);
  await region.stop();
  console.log('Stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
