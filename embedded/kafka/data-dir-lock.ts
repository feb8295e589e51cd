import fs from 'node:fs';
import path from 'node:path';

const LOCK_FILE = '.lock';
/** Data dirs open in this process: a second broker on the same dir would interleave writes into the same files. */
const openHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims `dataDir` for this broker; throws when another live broker (this process or another) holds it.
 * A lock left by a killed process is taken over, which is what makes restart-after-kill -9 work.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE);
  if (openHere.has(dataDir)) throw new Error(`kafka data dir ${dataDir} is already used by a broker in this process`);
  try {
    const holder = Number(fs.readFileSync(file, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw new Error(`kafka data dir ${dataDir} is locked by running process ${holder}`);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.writeFileSync(file, String(process.pid));
  openHere.add(dataDir);
  return () => {
    openHere.delete(dataDir);
    fs.rmSync(file, { force: true });
  };
}
