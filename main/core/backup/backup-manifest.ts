// What a backup archive holds besides the database and media: its manifest (checked with zod when restoring) and the
// configuration files of the data folder that travel with it.
import { z } from 'zod';

export const BACKUP_MANIFEST = 'nvr-backup.json';

/**
 * The data folder's own files a backup carries: the key that decrypts the camera passwords (service mode), the LAN
 * password's hash, the desktop shell's settings. Never the session token or service.json (they belong to a run).
 */
export const CONFIG_FILES = ['secret.key', 'service-lan.json', 'desktop.json'] as const;

export const backupManifestSchema = z.object({
  format: z.literal(1),
  app: z.literal('ShopWatch NVR'),
  appVersion: z.string(),
  createdAt: z.string(),
  schemaVersion: z.number().int().min(0),
  withRecordings: z.boolean(),
  cameras: z.number().int().min(0),
  events: z.number().int().min(0),
  snapshots: z.number().int().min(0),
  segments: z.number().int().min(0),
  configFiles: z.array(z.enum(CONFIG_FILES)),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;
