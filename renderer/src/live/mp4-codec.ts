// The MSE type of a fragmented MP4 from its init segment: finds the avcC (H.264) or hvcC (H.265) box in the moov
// and builds `video/mp4; codecs="avc1.PPCCLL"`. Pure, so it is unit-tested; the player uses it when the contract has
// no liveInfo to ask.

/** Index just past the first occurrence of a 4-letter box type, or -1. */
function findType(bytes: Uint8Array, type: string, from = 0): number {
  const a = type.charCodeAt(0);
  const b = type.charCodeAt(1);
  const c = type.charCodeAt(2);
  const d = type.charCodeAt(3);
  for (let i = from; i + 3 < bytes.length; i++) {
    if (bytes[i] === a && bytes[i + 1] === b && bytes[i + 2] === c && bytes[i + 3] === d) return i + 4;
  }
  return -1;
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0').toUpperCase();

export type InitInfo = { mime: string; codec: 'h264' | 'h265' | 'unknown' };

/** Reads the codec of the first video track of an init segment; null while the moov is not complete yet. */
export function codecFromInit(bytes: Uint8Array): InitInfo | null {
  const avc = findType(bytes, 'avcC');
  if (avc >= 0) {
    // AVCDecoderConfigurationRecord: version, profile, compatibility, level.
    if (avc + 4 > bytes.length) return null;
    const profile = bytes[avc + 1] ?? 0;
    const compat = bytes[avc + 2] ?? 0;
    const level = bytes[avc + 3] ?? 0;
    return { mime: `video/mp4; codecs="avc1.${hex2(profile)}${hex2(compat)}${hex2(level)}"`, codec: 'h264' };
  }
  if (findType(bytes, 'hvcC') >= 0 || findType(bytes, 'hev1') >= 0) return { mime: 'video/mp4; codecs="hvc1.1.6.L93.B0"', codec: 'h265' };
  // A complete moov without a known video codec.
  if (findType(bytes, 'moof') >= 0 || findType(bytes, 'mvex') >= 0) return { mime: 'video/mp4', codec: 'unknown' };
  return null;
}

/** Where the first moof starts (the end of the init segment), or -1. */
export function firstFragmentOffset(bytes: Uint8Array): number {
  const at = findType(bytes, 'moof');
  return at >= 0 ? at - 8 : -1;
}
