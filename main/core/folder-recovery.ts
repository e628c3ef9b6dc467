// At start, before any camera writes: recordings an unclean stop left are checked and indexed, and when the database
// is not the folder's own, the folder's footage and snapshots are re-indexed and the two are tied together. On a full
// disk all of this waits for the next start: nothing is deleted meanwhile.
import { reindexSnapshots } from './snapshots/snapshot-reindex.ts';
import { recoverRecordings } from './recording/recording-recovery.ts';
import { finishFolderIdentity } from './storage/folder-identity.ts';
import { unlessDiskFull } from './storage/disk-full.ts';
import type { CoreParts } from './core-parts.ts';

export async function recoverDataFolder(parts: CoreParts): Promise<void> {
  const { db, paths, logger, identity } = parts;
  const recovery = {
    dataRoot: paths.root,
    recordingsRoot: paths.recordings,
    segments: parts.segmentIndex,
    ffprobePath: parts.tools.ffprobePath,
    logger: logger.child({ component: 'recording' }),
    ownSince: identity.ownSince,
  };
  const recovered: { result: Awaited<ReturnType<typeof recoverRecordings>> | null } = { result: null };
  await unlessDiskFull(
    async () => {
      recovered.result = await recoverRecordings(recovery);
    },
    () => logger.warn('the disk is full: recordings an unclean stop left are indexed at the next start'),
  );
  if (!recovered.result) return;
  const r = recovered.result;
  const snaps = identity.foreignFootage ? await reindexSnapshots(db, paths.root, paths.snapshots) : null;
  const counts = { segments: r.reindexed ?? 0, snapshots: snaps?.events ?? 0, leftAlone: (r.leftAlone ?? 0) + (snaps?.leftAlone ?? 0) };
  await unlessDiskFull(
    async () => finishFolderIdentity(db, paths.root, identity, counts, logger),
    () => logger.warn('the disk is full: the data folder and its database are tied together at the next start'),
  );
}
