// Run by `npm ci`/`npm install` (postinstall). Mends two places of postgres.js 3.4.9 where a
// transaction's connection loses its reservation, so that other requests' statements can run
// inside someone's transaction or a BEGIN fails with UNSAFE_TRANSACTION under load (seen in the
// region benchmark; porsager/postgres#823, #1189, #1204, the open fixes #1207 and #1218):
// 1. execute() skips the reservation hook of BEGIN when BEGIN fills the connection's pipeline or
//    meets a full socket buffer: the hook now runs whenever the query was handed to the socket;
// 2. a socket 'drain' between two statements of a transaction gives the reserved connection
//    back to the pool: a reserved connection is left to its holder.
// Two exact replacements, written out here rather than through a patching package; the script
// fails the install if postgres.js is a version it was not written for.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// cjs/src/index.js, two levels below the package (its exports do not list package.json)
const root = dirname(dirname(dirname(createRequire(import.meta.url).resolve('postgres'))));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (version !== '3.4.9') {
  console.error(`patch-postgres: written for postgres 3.4.9, found ${version}: check whether
  the upstream fixes landed, then update or remove src/tools/patch-postgres.mjs`);
  process.exit(1);
}
const edits = [
  {
    from: `      build(q)
      return write(toBuffer(q))
        && !q.describeFirst
        && !q.cursorFn
        && sent.length < max_pipeline
        && (!q.options.onexecute || q.options.onexecute(connection))`,
    to: `      build(q)
      const written = write(toBuffer(q))
      if (q.options.onexecute) // patched (src/tools/patch-postgres.mjs): BEGIN reserves always
        return q.options.onexecute(connection), false
      return written
        && !q.describeFirst
        && !q.cursorFn
        && sent.length < max_pipeline`,
  },
  {
    from: `  function drain() {
    !query && onopen(connection)
  }`,
    to: `  function drain() {
    !query && !connection.reserved && onopen(connection) // patched: a reserved one stays
  }`,
  },
];
for (const dir of ['src', 'cjs/src', 'cf/src']) {
  const file = join(root, dir, 'connection.js');
  let text = readFileSync(file, 'utf8');
  for (const { from, to } of edits) {
    if (text.includes(to)) continue; // already patched
    if (!text.includes(from)) {
      console.error(`patch-postgres: ${file} does not hold the expected text`);
      process.exit(1);
    }
    text = text.replace(from, to);
  }
  writeFileSync(file, text);
}
