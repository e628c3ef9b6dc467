// The one reader of MP4 boxes (ISO/IEC 14496-12), shared by the NVR (the live hub learns each camera's codec from its
// init segment; the live socket and the box splitter use the box types) and the page (the live player picks its
// Media Source type from the init segment it receives). It walks the boxes rather than searching for bytes, so a
// codec string is read from the video track's own sample entry:
//   moov/trak(hdlr 'vide')/mdia/minf/stbl/stsd/<sample entry>/avcC|hvcC
//   H.264: avc1.PPCCLL (profile, constraint flags, level from avcC: RFC 6381)
//   H.265: hvc1.<space><profile>.<compat, bits reversed>.<tier><level>[.<constraint bytes>] (ISO/IEC 14496-15 annex E)
// Pure, on plain Uint8Arrays (a Node Buffer is one), no Node or DOM API.

/** A four-character box type as a 32-bit big-endian number (fast to compare). */
export const fourcc = (s: string): number =>
  ((s.charCodeAt(0) << 24) | (s.charCodeAt(1) << 16) | (s.charCodeAt(2) << 8) | s.charCodeAt(3)) >>> 0;

export function fourccName(type: number): string {
  return String.fromCharCode((type >>> 24) & 255, (type >>> 16) & 255, (type >>> 8) & 255, type & 255);
}

/** The top-level boxes of a fragmented MP4 stream. */
export const BOX = {
  ftyp: fourcc('ftyp'),
  moov: fourcc('moov'),
  moof: fourcc('moof'),
  mdat: fourcc('mdat'),
  styp: fourcc('styp'),
  sidx: fourcc('sidx'),
  mfra: fourcc('mfra'),
} as const;

const T = {
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

export interface BoxRef {
  type: number;
  /** Where the box starts (its header), in the buffer given. */
  offset: number;
  /** The whole box, header included. */
  size: number;
}

const view = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The boxes side by side in `bytes[from, to)`: type, offset, size. Stops at the first incomplete or malformed box. */
export function listBoxes(bytes: Uint8Array, from = 0, to = bytes.length): BoxRef[] {
  const dv = view(bytes);
  const out: BoxRef[] = [];
  let pos = from;
  while (pos + 8 <= to) {
    const size32 = dv.getUint32(pos);
    const type = dv.getUint32(pos + 4);
    let size = size32;
    if (size32 === 1) {
      if (pos + 16 > to) break;
      size = Number(dv.getBigUint64(pos + 8));
    } else if (size32 === 0) {
      size = to - pos;
    }
    if (size < 8 || pos + size > to) break;
    out.push({ type, offset: pos, size });
    pos += size;
  }
  return out;
}

function child(bytes: Uint8Array, from: number, to: number, type: number): BoxRef | null {
  for (const b of listBoxes(bytes, from, to)) if (b.type === type) return b;
  return null;
}

/** The body of a box (after its 8-byte header). */
const body = (bytes: Uint8Array, b: BoxRef): Uint8Array => bytes.subarray(b.offset + 8, b.offset + b.size);

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** The codec string of an avcC box body (starting at configurationVersion). */
export function avcCodec(entry: string, avcC: Uint8Array): string {
  if (avcC.length < 4) throw new Error('avcC too short');
  return `${entry}.${hex2(avcC[1]!)}${hex2(avcC[2]!)}${hex2(avcC[3]!)}`;
}

/** The codec string of an hvcC box body (starting at configurationVersion). */
export function hevcCodec(entry: string, hvcC: Uint8Array): string {
  if (hvcC.length < 13) throw new Error('hvcC too short');
  const b1 = hvcC[1]!;
  const space = b1 >> 6;
  const tier = (b1 >> 5) & 1;
  const profile = b1 & 31;
  const compat = view(hvcC).getUint32(2);
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

/** The first sample entry of a video track (a trak box), or null when the track is not video or is incomplete. */
function videoSampleEntry(bytes: Uint8Array, trak: BoxRef): BoxRef | null {
  const mdia = child(bytes, trak.offset + 8, trak.offset + trak.size, T.mdia);
  if (!mdia) return null;
  const hdlr = child(bytes, mdia.offset + 8, mdia.offset + mdia.size, T.hdlr);
  // hdlr: header 8, version/flags 4, pre_defined 4, handler_type 4
  if (!hdlr || hdlr.size < 20 || view(bytes).getUint32(hdlr.offset + 16) !== T.vide) return null;
  const minf = child(bytes, mdia.offset + 8, mdia.offset + mdia.size, T.minf);
  const stbl = minf && child(bytes, minf.offset + 8, minf.offset + minf.size, T.stbl);
  const stsd = stbl && child(bytes, stbl.offset + 8, stbl.offset + stbl.size, T.stsd);
  if (!stsd) return null;
  // stsd: header 8, version/flags 4, entry_count 4, then sample entries
  const entry = listBoxes(bytes, stsd.offset + 16, stsd.offset + stsd.size)[0];
  return entry && entry.size >= 8 + 78 ? entry : null;
}

/** Reads the first video track of an init segment (ftyp + moov). Null when it holds none this code understands. */
export function parseInitSegment(init: Uint8Array): InitInfo | null {
  const moov = child(init, 0, init.length, BOX.moov);
  if (!moov) return null;
  const dv = view(init);
  for (const trak of listBoxes(init, moov.offset + 8, moov.offset + moov.size)) {
    if (trak.type !== T.trak) continue;
    const e = videoSampleEntry(init, trak);
    if (!e) continue;
    const entry = fourccName(dv.getUint32(e.offset + 4));
    // VisualSampleEntry: 6 reserved, 2 data_reference_index, 16 pre_defined/reserved, then width and height.
    const width = dv.getUint16(e.offset + 8 + 24);
    const height = dv.getUint16(e.offset + 8 + 26);
    const inner = { from: e.offset + 8 + 78, to: e.offset + e.size };
    if (entry === 'avc1' || entry === 'avc3') {
      const c = child(init, inner.from, inner.to, T.avcC);
      if (!c) return null;
      return { codec: avcCodec(entry, body(init, c)), sampleEntry: entry, width, height, hevc: false };
    }
    if (entry === 'hvc1' || entry === 'hev1') {
      const c = child(init, inner.from, inner.to, T.hvcC);
      if (!c) return null;
      return { codec: hevcCodec(entry, body(init, c)), sampleEntry: entry, width, height, hevc: true };
    }
    return { codec: entry, sampleEntry: entry, width, height, hevc: false };
  }
  return null;
}

/** The Media Source Extensions type of a stream with this init segment (`video/mp4` when its codec is not known). */
export function mseType(info: InitInfo | null): string {
  return info ? `video/mp4; codecs="${info.codec}"` : 'video/mp4';
}

export interface InitSegment {
  /** Where the init segment ends (just past its moov) in the bytes given: the first fragment starts here. */
  end: number;
  /** Its video track, or null when it has none this code understands. */
  info: InitInfo | null;
  /** mseType(info). */
  mime: string;
}

/**
 * The init segment at the start of a stream's first bytes, for a reader that receives them in pieces: null while its
 * moov is not complete yet (give it more bytes), else where it ends and what it holds.
 */
export function readInitSegment(bytes: Uint8Array): InitSegment | null {
  for (const b of listBoxes(bytes)) {
    if (b.type !== BOX.moov) continue;
    const end = b.offset + b.size;
    let info: InitInfo | null;
    try {
      info = parseInitSegment(bytes.subarray(0, end));
    } catch {
      info = null; // a codec configuration box too short to read: the codec is unknown
    }
    return { end, info, mime: mseType(info) };
  }
  return null;
}
