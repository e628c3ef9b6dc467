// The cameras' sealed passwords as one narrow store, for code outside the core that reseals them (the desktop app
// moves them to the OS keychain, main/desktop/credential-migration.ts) without the database or the repositories.
import type { Db } from '../storage/database.ts';
import type { CameraRepository } from '../storage/camera-repository.ts';

export interface SealedPassword {
  cameraId: string;
  sealed: string;
}

export interface SealedPasswordStore {
  /** Every camera that has a saved password, with the sealed value as stored. */
  list(): SealedPassword[];
  /** Writes the given sealed values in one SQLite transaction: all of them or none. */
  replace(values: SealedPassword[]): void;
}

export function createSealedPasswordStore(db: Db, cameras: CameraRepository): SealedPasswordStore {
  return {
    list() {
      const out: SealedPassword[] = [];
      for (const camera of cameras.list()) {
        const sealed = cameras.getSecret(camera.id);
        if (sealed !== null) out.push({ cameraId: camera.id, sealed });
      }
      return out;
    },
    replace(values) {
      if (values.length === 0) return;
      db.transaction(() => {
        for (const v of values) cameras.update(v.cameraId, { passwordEnc: v.sealed });
      })();
    },
  };
}
