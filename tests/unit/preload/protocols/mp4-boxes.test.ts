// The one MP4 box reader (preload/protocols/mp4-boxes.ts), used by the NVR's live hub and by the page's live player,
// on real fragmented MP4 written by ffmpeg the way the capture writes its live output: courtyard.mp4 copied (H.264
// High) and re-encoded with libx265 (H.265, as both sample entries cameras send: hev1 and hvc1). What it reads is
// checked against ffprobe's view of the same file. Runs ffmpeg: under the heavy lock.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOX, fourccName, listBoxes, mseType, parseInitSegment, readInitSegment } from '../../../../preload/protocols/mp4-boxes.ts';
import { ffmpegPath, ffprobePath } from '../../../fixtures/recording-segments.ts';
import { sharedMediaPath } from '../../../fixtures/shared-files.ts';

const FRAGMENTED = ['-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof'];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nvr-mp4-boxes-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ffmpeg(name: string, args: string[]): Buffer {
  const file = path.join(dir, name);
  execFileSync(ffmpegPath(), ['-v', 'error', '-y', '-i', sharedMediaPath('courtyard.mp4'), '-map', '0:v', ...args, ...FRAGMENTED, file]);
  return readFileSync(file);
}

/** ffprobe's view of the first video stream of a file in the temp folder. */
function probe(name: string): { width: number; height: number; level: number; codec_tag_string: string } {
  const out = execFileSync(ffprobePath(), ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,level,codec_tag_string', '-of', 'json', path.join(dir, name)]);
  return (JSON.parse(out.toString()) as { streams: Array<{ width: number; height: number; level: number; codec_tag_string: string }> }).streams[0]!;
}

describe('the MP4 box reader on a real H.264 live stream', () => {
  let bytes: Buffer;
  beforeAll(() => {
    bytes = ffmpeg('h264.mp4', ['-t', '3', '-c', 'copy']);
  });

  it('lists the top-level boxes as ffmpeg wrote them: ftyp, moov, then moof + mdat pairs', () => {
    const types = listBoxes(bytes).map((b) => fourccName(b.type));
    expect(types.slice(0, 4)).toEqual(['ftyp', 'moov', 'moof', 'mdat']);
    const boxes = listBoxes(bytes);
    const last = boxes[boxes.length - 1]!;
    expect(last.offset + last.size).toBe(bytes.length);
  });

  it('reads the codec and picture size from the video track, as ffprobe does', () => {
    const expected = probe('h264.mp4');
    const info = parseInitSegment(bytes);
    expect(info).not.toBeNull();
    expect(info!.sampleEntry).toBe(expected.codec_tag_string);
    expect(info!.width).toBe(expected.width);
    expect(info!.height).toBe(expected.height);
    // avc1.PPCCLL: 0x64 is High (courtyard.mp4 is H.264 High); LL is ffprobe's level.
    expect(info!.codec).toBe(`avc1.6400${expected.level.toString(16).padStart(2, '0')}`);
    expect(info!.hevc).toBe(false);
    expect(mseType(info)).toBe(`video/mp4; codecs="${info!.codec}"`);
  });

  it('waits for the whole moov when the bytes arrive in pieces, then says where the first fragment starts', () => {
    const moof = listBoxes(bytes).find((b) => b.type === BOX.moof)!;
    for (let cut = 0; cut < moof.offset; cut++) expect(readInitSegment(bytes.subarray(0, cut)), `first ${cut} bytes`).toBeNull();
    const init = readInitSegment(bytes.subarray(0, moof.offset + 5));
    expect(init).toEqual({ end: moof.offset, info: parseInitSegment(bytes), mime: mseType(parseInitSegment(bytes)) });
    // A view into a larger buffer (a Node pool slice, a received frame after its header) reads the same.
    const framed = Buffer.concat([Buffer.from([0, 0, 0, 7]), bytes]);
    expect(readInitSegment(new Uint8Array(framed.buffer, framed.byteOffset + 4, bytes.length))).toEqual(init);
  });
});

describe('the MP4 box reader on a real H.265 live stream', () => {
  for (const tag of ['hev1', 'hvc1']) {
    it(`reads ${tag}: the codec string of its hvcC, the picture size, and that a browser needs it converted`, () => {
      const name = `${tag}.mp4`;
      const bytes = ffmpeg(name, ['-frames:v', '3', '-vf', 'scale=320:240', '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', tag]);
      const expected = probe(name);
      const init = readInitSegment(bytes);
      expect(init).not.toBeNull();
      const info = init!.info!;
      expect(info.sampleEntry).toBe(tag);
      expect([info.width, info.height]).toEqual([expected.width, expected.height]);
      expect(info.hevc).toBe(true);
      // Main profile (1), compatible with Main and Main 10 (bits 1 and 2, reversed: 6), main tier, ffprobe's level.
      expect(info.codec).toMatch(new RegExp(`^${tag}\\.1\\.6\\.L${expected.level}(\\.[0-9A-F]{1,2})*$`));
      expect(init!.mime).toBe(`video/mp4; codecs="${info.codec}"`);
    });
  }
});

describe('the MP4 box reader on what is not a video init segment', () => {
  it('finds no codec in a moov without a video track, and no init segment in bytes that are not boxes', () => {
    const sound = ffmpeg('short.mp4', ['-t', '1', '-c', 'copy']);
    const moov = listBoxes(sound).find((b) => b.type === BOX.moov)!;
    // The same init segment with its handler type changed from 'vide' to 'soun': no video track any more.
    const altered = Buffer.from(sound.subarray(0, moov.offset + moov.size));
    const at = altered.indexOf('vide', moov.offset, 'latin1');
    expect(at).toBeGreaterThan(0);
    altered.write('soun', at, 'latin1');
    expect(parseInitSegment(altered)).toBeNull();
    expect(readInitSegment(altered)).toEqual({ end: altered.length, info: null, mime: 'video/mp4' });
    expect(readInitSegment(new TextEncoder().encode('this is not an MP4 stream at all'))).toBeNull();
  });
});
