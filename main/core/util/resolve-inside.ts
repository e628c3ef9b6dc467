// A URL path resolved inside a folder, for the two page servers (service static files, the desktop app:// protocol):
// null when it would leave the folder (.., encoded slashes or backslashes, NUL) or is malformed.
import path from 'node:path';
import { isInside } from './path-inside.ts';

export function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const resolved = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  return resolved === root || isInside(root, resolved) ? resolved : null;
}
