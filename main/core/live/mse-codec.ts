// The Media Source Extensions codec string and picture size of a fragmented MP4, read from its init segment
// (ftyp + moov): moov/trak(video)/mdia/minf/stbl/stsd/<sample entry>/avcC|hvcC. Pure.
//   H.264: avc1.PPCCLL (profile, constraint flags, level from avcC: RFC 6381)
//   H.265: hvc1.<space><profile>.<compat, bits reversed>.<tier><level>[.<constraint bytes>] (ISO/IEC 14496-15 annex E)
import { fourcc, listBoxes } from './mp4-box-splitter.ts';

export interface InitInfo {
  /** e.g. avc1.64001f, hvc1.1.6.L93.B0 */
  codec: string;
  /** avc1 | avc3 | hvc1 | hev1 | … */
  sampleEntry: string;
  width: number;
  height: number;
  /** H.265: browsers' MSE (Chromium on Linux included) cannot play it. */
  hevc: boolean;
}

const T = {
  moov: fourcc('moov'),
  trak: fourcc('trak'),
  mdia: fourcc('mdia'),
  hdlr: fourcc('hdlr'),
  minf: fourcc('minf'),
  stbl: fourcc('stbl'),
  stsd: fourcc('stsd'),
  avcC: fourcc('avcC'),
  hvcC: fourcc('hvcC'),
  vide: fourcc('vide'),
};

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

function child(buf: Buffer, from: number, to: number, type: number): { offset: number; size: number } | null {
  for (const b of listBoxes(buf, from, to)) if (b.type === type) return b;
  return null;
}

function children(buf: Buffer, from: number, to: number, type: number): Array<{ offset: number; size: number }> {
  return listBoxes(buf, from, to).filter((b) => b.type === type);
}

/** The codec string of an avcC box body (starting at configurationVersion). */
export function avcCodec(entry: string, avcC: Buffer): string {
  if (avcC.length < 4) throw new Error('avcC too short');
  return `${entry}.${hex2(avcC[1]!)}${hex2(avcC[2]!)}${hex2(avcC[3]!)}`;
}

/** The codec string of an hvcC box body (starting at configurationVersion). */
export function hevcCodec(entry: string, hvcC: Buffer): string {
  if (hvcC.length < 13) throw new Error('hvcC too short');
  const b1 = hvcC[1]!;
  const space = b1 >> 6;
  const tier = (b1 >> 5) & 1;
  const profile = b1 & 31;
  const compat = hvcC.readUInt32BE(2);
  let reversed = 0;
  for (let i = 0; i < 32; i++) if (compat & (1 << i)) reversed |= 1 << (31 - i);
  const level = hvcC[12]!;
  const constraints: string[] = [];
  for (let i = 6; i < 12; i++) constraints.push(hvcC[i]!.toString(16).toUpperCase());
  while (constraints.length && constraints[constraints.length - 1] === '0') constraints.pop();
  const spaceLetter = ['', 'A', 'B', 'C'][space]!;
  const parts = [entry, `${spaceLetter}${profile}`, (reversed >>> 0).toString(16).toUpperCase(), `${tier ? 'H' : 'L'}${level}`, ...constraints];
  return parts.join('.');
}

/** Reads the first video track of an init segment. Null when it holds none this code understands. */
export function parseInitSegment(init: Buffer): InitInfo | null {
  const moov = child(init, 0, init.length, T.moov);
  if (!moov) return null;
  for (const trak of children(init, moov.offset + 8, moov.offset + moov.size, T.trak)) {
    const mdia = child(init, trak.offset + 8, trak.offset + trak.size, T.mdia);
    if (!mdia) continue;
    const hdlr = child(init, mdia.offset + 8, mdia.offset + mdia.size, T.hdlr);
    // hdlr: header 8, version/flags 4, pre_defined 4, handler_type 4
    if (!hdlr || hdlr.size < 20 || init.readUInt32BE(hdlr.offset + 16) !== T.vide) continue;
    const minf = child(init, mdia.offset + 8, mdia.offset + mdia.size, T.minf);
    const stbl = minf && child(init, minf.offset + 8, minf.offset + minf.size, T.stbl);
    const stsd = stbl && child(init, stbl.offset + 8, stbl.offset + stbl.size, T.stsd);
    if (!stsd) continue;
    // stsd: header 8, version/flags 4, entry_count 4, then sample entries
    const entries = listBoxes(init, stsd.offset + 16, stsd.offset + stsd.size);
    const e = entries[0];
    if (!e || e.size < 8 + 78) continue;
    const entry = init.toString('latin1', e.offset + 4, e.offset + 8);
    // VisualSampleEntry: 6 reserved, 2 data_reference_index, 16 pre_defined/reserved, then width and height.
    const width = init.readUInt16BE(e.offset + 8 + 24);
    const height = init.readUInt16BE(e.offset + 8 + 26);
    const inner = { from: e.offset + 8 + 78, to: e.offset + e.size };
    if (entry === 'avc1' || entry === 'avc3') {
      const c = child(init, inner.from, inner.to, T.avcC);
      if (!c) return null;
      return { codec: avcCodec(entry, init.subarray(c.offset + 8, c.offset + c.size)), sampleEntry: entry, width, height, hevc: false };
    }
    if (entry === 'hvc1' || entry === 'hev1') {
      const c = child(init, inner.from, inner.to, T.hvcC);
      if (!c) return null;
      return { codec: hevcCodec(entry, init.subarray(c.offset + 8, c.offset + c.size)), sampleEntry: entry, width, height, hevc: true };
    }
    return { codec: entry, sampleEntry: entry, width, height, hevc: false };
  }
  return null;
}
