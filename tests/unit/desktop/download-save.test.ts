// The desktop app's downloads: only the NVR's own media (or a blob the app's page made) may be downloaded, into the
// system's save dialog in Videos or Pictures under the NVR's name for the file.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Session } from 'electron';
import { askWhereToSaveDownloads, downloadAllowed, saveDialogFor } from '../../../main/desktop/download-save.ts';
import { silentLogger } from '../../../main/core/logging/logger.ts';

const APP = 'app://shopwatch';
const folders = { videos: '/home/shop/Videos', pictures: '/home/shop/Pictures' };

class FakeItem extends EventEmitter {
  options: unknown = null;
  constructor(private readonly url: string, private readonly name: string) {
    super();
  }
  getURL() {
    return this.url;
  }
  getFilename() {
    return this.name;
  }
  setSaveDialogOptions(o: unknown) {
    this.options = o;
  }
  getSavePath() {
    return '/home/shop/Videos/x.mp4';
  }
  getReceivedBytes() {
    return 1;
  }
}

function download(url: string, name: string): { item: FakeItem; prevented: boolean } {
  const ses = new EventEmitter();
  askWhereToSaveDownloads(ses as unknown as Session, { appOrigin: APP, folders: () => folders, logger: silentLogger() });
  const item = new FakeItem(url, name);
  let prevented = false;
  ses.emit('will-download', { preventDefault: () => (prevented = true) }, item);
  return { item, prevented };
}

describe('desktop downloads', () => {
  it('allows only the NVR’s media and the app page’s blobs', () => {
    expect(downloadAllowed('nvr-media://media/exports/abc/Till.mp4', APP)).toBe(true);
    expect(downloadAllowed(`blob:${APP}/5d1c`, APP)).toBe(true);
    expect(downloadAllowed('https://example.com/x.mp4', APP)).toBe(false);
    expect(downloadAllowed('file:///etc/passwd', APP)).toBe(false);
    expect(downloadAllowed('nvr-media://mediaX/exports/abc/Till.mp4', APP)).toBe(false);
    expect(downloadAllowed('blob:https://evil.example/5d1c', APP)).toBe(false);
  });

  it('asks where to save a video in Videos and a picture in Pictures', () => {
    expect(saveDialogFor('Till 2026-11-25 14-00-00.mp4', folders)).toMatchObject({ defaultPath: '/home/shop/Videos/Till 2026-11-25 14-00-00.mp4', filters: [{ extensions: ['mp4'] }] });
    expect(saveDialogFor('Till 2026-11-25 14-00-00.jpg', folders)).toMatchObject({ defaultPath: '/home/shop/Pictures/Till 2026-11-25 14-00-00.jpg', title: 'Save the picture' });
    expect(saveDialogFor('../../etc/x.mp4', folders).defaultPath).toBe('/home/shop/Videos/x.mp4');
  });

  it('sets the dialog for its own media and cancels anything else', () => {
    const own = download('nvr-media://media/exports/abc/Till.mp4', 'Till.mp4');
    expect(own.prevented).toBe(false);
    expect(own.item.options).toMatchObject({ defaultPath: '/home/shop/Videos/Till.mp4' });
    const other = download('https://example.com/x.mp4', 'x.mp4');
    expect(other.prevented).toBe(true);
    expect(other.item.options).toBeNull();
  });
});
