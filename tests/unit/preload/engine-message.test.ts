// The engine's sentences as messages (issue 16): say() gives the very English sentence the engine gave before, and a
// message the other languages render; the wire shape refuses what is not a message of the engine area; the page
// shows a message in its language, else the English; an ApiError carries its message in the body transports send.
import { describe, expect, it } from 'vitest';
import { engineMessageSchema, engineMessageOf, localText, say, textOf } from '../../../preload/i18n/engine-message.ts';
import { engine } from '../../../preload/i18n/engine/en.ts';
import { catalogs } from '../../../preload/i18n/all-catalogs.ts';
import { ApiError } from '../../../preload/contract.ts';
import { DISK_FULL_SENTENCE } from '../../../main/core/storage/disk-full.ts';
import { decideDataFolder } from '../../../main/core/storage/data-folder-decision.ts';
import { reindexNotice, reindexNoticeSaid } from '../../../main/core/storage/folder-identity-decision.ts';
import { H265_NOTICE, subDroppedSaid, wizardMessage, wizardSaid } from '../../../main/core/cameras/camera-probe.ts';
import { notCameraMessage } from '../../../main/core/capture/rtsp-handshake.ts';
import { engineWords, errorWords, useEngineCatalog } from '../../../renderer/src/lib/engine-words.ts';

describe('say()', () => {
  it("gives the English sentence today's code gives, for the main reasons", () => {
    expect(say('engine_camera_wrong_password', { camera: 'Front door' }).text).toBe(
      "Wrong username or password for Front door: check them in the camera's settings (the camera refused to log in).",
    );
    expect(say('engine_camera_unreachable', { camera: 'Till' }).text).toBe('Till cannot be reached: check that it is powered and on the network, and its IP address.');
    expect(say('engine_camera_hung', { camera: 'Till' }).text).toBe(
      'Till accepts connections but does not answer: it may be hung. Restart it (unplug its power for 10 seconds); it reconnects by itself.',
    );
    expect(say('engine_probe_wrong_password').text).toBe(
      'Wrong username or password: the camera refused them. Use the account you log in to the camera with (user names and passwords are case-sensitive).',
    );
    expect(say('engine_recording_paused_disk_full').text).toBe('Recording paused: the disk is full. Old recordings are being removed to make room.');
    expect(say('engine_onvif_wrong_password', { host: '10.0.0.5:80' }).text).toBe(
      'Wrong username or password: The camera at 10.0.0.5:80 refused them for ONVIF (some cameras need a separate ONVIF user).',
    );
    expect(say('engine_disk_full_held', { count: 3 }).text).toBe(`${DISK_FULL_SENTENCE.replace(/\.$/, '')} (3 waiting).`);
    expect(say('engine_probe_h265').text).toBe(H265_NOTICE);
    expect(say('engine_probe_not_camera_protocol', { protocol: 'SSH' }).text).toBe(notCameraMessage('SSH'));
  });

  it('makes a message of the key and its parameters, which the wire shape accepts', () => {
    const said = say('engine_camera_refused', { camera: 'Back door' });
    expect(said.message).toEqual({ key: 'engine_camera_refused', params: { camera: 'Back door' } });
    expect(engineMessageSchema.parse(said.message)).toEqual(said.message);
    expect(say('engine_camera_turned_off').message).toEqual({ key: 'engine_camera_turned_off', params: {} });
    expect(textOf(said.message)).toBe(said.text);
  });

  it('renders in every language, naming the camera', () => {
    const { message } = say('engine_camera_wrong_password', { camera: 'Front door' });
    for (const locale of ['th', 'pt-BR', 'vi'] as const) {
      const text = localText(message, 'English', catalogs[locale]);
      expect(text).toContain('Front door');
      expect(text).not.toBe(textOf(message));
    }
    expect(localText(message, 'x', catalogs.th)).toMatch(/[\u0E00-\u0E7F]/);
  });
});

describe('the wire shape of an engine message', () => {
  it('refuses an unknown key, and parameters that are not strings or numbers', () => {
    expect(engineMessageSchema.safeParse({ key: 'engine_no_such_thing', params: {} }).success).toBe(false);
    expect(engineMessageSchema.safeParse({ key: 'live_no_cameras', params: {} }).success).toBe(false);
    expect(engineMessageSchema.safeParse({ key: 'engine_camera_closed', params: { camera: { name: 'x' } } }).success).toBe(false);
    expect(engineMessageSchema.safeParse({ key: 'engine_camera_closed' }).success).toBe(false);
    expect(engineMessageSchema.safeParse({ key: 'engine_camera_closed', params: { camera: 'Till' }, extra: 1 }).success).toBe(false);
    expect(engineMessageSchema.safeParse({ key: 'engine_disk_full_held', params: { count: 2 } }).success).toBe(true);
  });

  it('an answer carries a message only when it is a valid one', () => {
    expect(engineMessageOf({ engineMessage: { key: 'engine_camera_closed', params: { camera: 'Till' } } })).toEqual({ key: 'engine_camera_closed', params: { camera: 'Till' } });
    expect(engineMessageOf({ engineMessage: { key: 'engine_nope', params: {} } })).toBeUndefined();
    expect(engineMessageOf({})).toBeUndefined();
    expect(engineMessageOf(undefined)).toBeUndefined();
  });

  it('every English message of the engine area has a key the schema accepts', () => {
    for (const key of Object.keys(engine)) expect(engineMessageSchema.safeParse({ key, params: {} }).success, key).toBe(true);
  });
});

describe('showing a message', () => {
  it('falls back to the English for no message, or a key this page does not know', () => {
    expect(localText(null, 'The English', catalogs.th)).toBe('The English');
    expect(localText({ key: 'engine_from_the_future' as never, params: {} }, 'The English', catalogs.vi)).toBe('The English');
  });

  it("the page's error sentence is the error's message in the page's language, else its English", () => {
    const err = new ApiError('not-found', say('engine_no_such_camera'));
    try {
      useEngineCatalog(() => catalogs['pt-BR']);
      expect(errorWords(err)).toBe(catalogs['pt-BR'].engine_no_such_camera);
      expect(errorWords(new ApiError('bad-request', 'Plain English only.'))).toBe('Plain English only.');
      expect(errorWords(new Error('boom'))).toBe('boom');
      expect(engineWords(say('engine_camera_closed', { camera: 'Till' }).message, 'Till closed the stream: reconnecting.')).toBe(
        'Till fechou a transmissão: reconectando.',
      );
    } finally {
      useEngineCatalog(() => engine);
    }
    expect(errorWords(err)).toBe('There is no such camera (it may have been removed).');
  });
});

describe('ApiError', () => {
  it('carries the message in the body a transport sends, and only when there is one', () => {
    const said = say('engine_live_no_picture_yet', { camera: 'Till' });
    const err = new ApiError('unavailable', said);
    expect(err.message).toBe('Till has not sent a picture yet: the live view starts once it does.');
    expect(err.body()).toEqual({ code: 'unavailable', message: said.text, engineMessage: said.message });
    expect(new ApiError('bad-request', 'Only English.').body()).toEqual({ code: 'bad-request', message: 'Only English.' });
    expect(new ApiError('unavailable', said.text, said.message).engineMessage).toEqual(said.message);
  });
});

describe("the wizard's sentences", () => {
  it('each failure code has its message, the same English as before', () => {
    for (const code of ['auth', 'not-found', 'refused', 'timeout', 'not-video']) {
      for (const which of ['main', 'sub'] as const) {
        const said = wizardSaid(code, 'fallback', which);
        expect(typeof said, `${code} ${which}`).toBe('object');
        if (typeof said === 'object') expect(said.text).toBe(wizardMessage(code, 'fallback', which));
      }
    }
    expect(wizardMessage('timeout', '', 'sub')).toMatch(/^The camera's sub stream cannot be reached/);
    expect(wizardSaid('no-ffmpeg', 'ffprobe could not be started: x')).toBe('ffprobe could not be started: x');
  });

  it('a sub stream that did not open is said with the same words as before, for every failure', () => {
    for (const code of ['auth', 'not-found', 'refused', 'timeout', 'not-video', 'hung', 'no-ffmpeg']) {
      const said = subDroppedSaid(code, 'ffprobe said no');
      expect(said.text, code).toBe(
        `The sub stream did not open (${wizardMessage(code, 'ffprobe said no', 'sub')}) The camera is saved without it: the live grid then uses the main stream.`,
      );
      expect(engineMessageSchema.safeParse(said.message).success).toBe(true);
    }
  });
});

describe('the data folder', () => {
  it('says why recording is paused with a message naming the folder', () => {
    const v = decideDataFolder({ root: null, folderId: null, database: null }, { rootDev: 1, folderId: null, database: { dev: 1, ino: 2 } }, '/srv/nvr');
    expect(v.reasonMessage).toEqual({ key: 'engine_folder_missing', params: { folder: '/srv/nvr' } });
    expect(textOf(v.reasonMessage!)).toBe(v.reason);
  });
});

describe('the event database', () => {
  it("a replaced database's notice is a message with its counts, in the same English", () => {
    const n = { verdict: 'foreign', at: Date.UTC(2026, 11, 1, 11, 30), segments: 1, snapshots: 2 } as const;
    const said = reindexNoticeSaid(n);
    expect(said.text).toBe(reindexNotice(n));
    expect(said.message).toEqual({ key: 'engine_database_foreign', params: { when: '2026-12-01 11:30 UTC', segments: 1, snapshots: 2 } });
    expect(localText(said.message, said.text, catalogs['pt-BR'])).toContain('1 gravação e 2 fotos');
  });
});
