// The one "is this path inside that folder" check: every place that turns a stored or typed path into a file to read,
// serve or delete asks it, so a row or a request pointing elsewhere (.., an absolute path) is refused. Both paths are
// resolved first; no symbolic link is followed (callers that must not be led through a link compare realpaths with it).
import path from 'node:path';

/** Whether `target` lies below `folder` (not the folder itself). */
export function isInside(folder: string, target: string): boolean {
  const rel = path.relative(path.resolve(folder), path.resolve(target));
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel);
}

/** Whether `target` is `folder` itself or lies below it. */
export function isSameOrInside(folder: string, target: string): boolean {
  return path.resolve(folder) === path.resolve(target) || isInside(folder, target);
}

/** A path relative to `folder` (a database row's, say) as an absolute path below it; null when it points elsewhere. */
export function resolveBelow(folder: string, rel: string): string | null {
  const abs = path.resolve(folder, rel);
  return isInside(folder, abs) ? abs : null;
}
