// Free and total bytes of the disk that holds a folder.
import { statfs } from 'node:fs/promises';

export async function diskSpace(dir: string): Promise<{ free: number; total: number }> {
  const s = await statfs(dir);
  return { free: s.bavail * s.bsize, total: s.blocks * s.bsize };
}
