// Downloads in the desktop app: an export's file or a snapshot the page downloads (an <a download> on nvr-media://, or
// a blob: the page made from one) opens the system's save dialog, in the Videos folder for videos and Pictures for
// pictures, under the name the NVR gave it; anything else the page might try to download is cancelled. The dialog is
// Electron's own (no save path set: it asks), shown without blocking the main process, where the engine records.
import path from 'node:path';
import type { Session, SaveDialogOptions } from 'electron';
import type { Logger } from '../core/logging/logger.ts';
import { MEDIA_BASE } from '../../preload/protocols/desktop-bridge.ts';
import { desktop as english, type DesktopMessages } from '../../preload/i18n/desktop/en.ts';

export interface DownloadFolders {
  videos: string;
  pictures: string;
}

/** May the page download from this address? Only our media and blobs made by the app's own page. */
export function downloadAllowed(url: string, appOrigin: string): boolean {
  return url.startsWith(`${MEDIA_BASE}/`) || url.startsWith(`blob:${appOrigin}/`);
}

/** The save dialog for a file the NVR named, in the words of `m` (the owner's language; English when not given). */
export function saveDialogFor(fileName: string, folders: DownloadFolders, m: DesktopMessages = english): SaveDialogOptions {
  const ext = path.extname(fileName).toLowerCase();
  const picture = ext === '.jpg' || ext === '.jpeg';
  return {
    title: picture ? m.desktop_save_picture : m.desktop_save_video,
    defaultPath: path.join(picture ? folders.pictures : folders.videos, path.basename(fileName)),
    buttonLabel: m.desktop_save,
    filters: [picture ? { name: m.desktop_jpeg_picture, extensions: ['jpg', 'jpeg'] } : { name: m.desktop_mp4_video, extensions: ['mp4'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

/** Watches the session's downloads (call once at start). */
export function askWhereToSaveDownloads(
  ses: Session,
  o: { appOrigin: string; folders: () => DownloadFolders; logger: Logger; words?: () => DesktopMessages },
): void {
  ses.on('will-download', (event, item) => {
    const url = item.getURL();
    if (!downloadAllowed(url, o.appOrigin)) {
      event.preventDefault();
      o.logger.warn({ scheme: url.split(':')[0]?.slice(0, 16) }, 'a download that is not the NVR’s own media was refused');
      return;
    }
    item.setSaveDialogOptions(saveDialogFor(item.getFilename(), o.folders(), o.words?.()));
    item.once('done', (_e, state) => {
      if (state === 'completed') o.logger.info({ file: item.getSavePath(), bytes: item.getReceivedBytes() }, 'download saved');
      else if (state === 'interrupted') o.logger.warn({ file: item.getFilename() }, 'download interrupted');
    });
  });
}
