import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir, openPGlite } from '../../src/db/pglite.js';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sl-lock-'));
  dirs.push(d);
  return d;
};

/** Another process that takes the lock on `dir` with the real code, and keeps running. */
async function otherProcessHolding(dir: string) {
  const code = `import { lockDataDir } from './src/db/pglite.ts'; lockDataDir(${JSON.stringify(dir)}); console.log('locked'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b) => String(b).includes('locked') && resolve());
    child.on('exit', (code) => reject(new Error(`the locking process exited (${code})`)));
  });
  return child;
}

/** The pid of a process that has ended. */
async function deadPid() {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

describe('the PGlite data-folder lock', () => {
  it('refuses a second process while the first is alive, with a clear message', async () => {
    const dir = tempDir();
    const holder = await otherProcessHolding(dir);
    expect(readFileSync(join(dir, 'server.lock'), 'utf8').trim()).toBe(String(holder.pid));

    let error: unknown;
    try {
      lockDataDir(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    const message = (error as Error).message;
    expect(message).toContain(dir);
    expect(message).toContain(String(holder.pid));
    expect(message).toMatch(/DATA_DIR/);
    // the holder's lock is left alone
    expect(readFileSync(join(dir, 'server.lock'), 'utf8').trim()).toBe(String(holder.pid));

    // opening the database there is refused the same way, before PGlite touches the files
    await expect(openPGlite(dir)).rejects.toBeInstanceOf(DataDirLockedError);

    // once the holder has stopped, the folder is free
    holder.kill();
    await new Promise((r) => holder.on('exit', r));
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'server.lock'), 'utf8').trim()).toBe(String(process.pid));
    release();
    expect(existsSync(join(dir, 'server.lock'))).toBe(false);
  }, 60_000);

  it('takes over a stale lock whose process is dead, or an unreadable one', async () => {
    const dir = tempDir();
    const pid = await deadPid();
    writeFileSync(join(dir, 'server.lock'), String(pid));
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'server.lock'), 'utf8').trim()).toBe(String(process.pid));
    release();

    writeFileSync(join(dir, 'server.lock'), ''); // a crash between creating and writing the file
    lockDataDir(dir)();
    expect(existsSync(join(dir, 'server.lock'))).toBe(false);
  });

  it('a real database in a folder: locked while open, free after close', async () => {
    const dir = tempDir();
    const first = await openPGlite(dir);
    try {
      expect(readFileSync(join(dir, 'server.lock'), 'utf8').trim()).toBe(String(process.pid));
    } finally {
      await first.close();
    }
    expect(existsSync(join(dir, 'server.lock'))).toBe(false);
  }, 120_000);
});
