// HTTP byte ranges (RFC 9110 §14), pure: what part of a file of `size` bytes a Range header asks for. Only a single
// range is served (what <video> elements send); a multi-range request gets the whole file, which the RFC allows.

export type RangeAnswer =
  /** No usable Range header (absent, not bytes, several ranges, malformed): send the whole file with 200. */
  | { kind: 'whole' }
  /** Send bytes start..end inclusive with 206. */
  | { kind: 'partial'; start: number; end: number }
  /** The range lies past the end of the file: 416 with Content-Range: bytes *\/size. */
  | { kind: 'unsatisfiable' };

const SINGLE = /^bytes=(\d*)-(\d*)$/;

export function parseRange(header: string | null | undefined, size: number): RangeAnswer {
  if (!header) return { kind: 'whole' };
  const m = SINGLE.exec(header.trim().replace(/\s+/g, ''));
  if (!m) return { kind: 'whole' };
  const [, a, b] = m as unknown as [string, string, string];
  if (a === '' && b === '') return { kind: 'whole' };
  if (a.length > 15 || b.length > 15) return { kind: 'unsatisfiable' };
  if (a === '') {
    // Suffix range: the last N bytes.
    const n = Number(b);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  if (start >= size) return { kind: 'unsatisfiable' };
  let end = b === '' ? size - 1 : Number(b);
  if (end < start) return { kind: 'whole' }; // syntactically invalid: ignore the header
  if (end >= size) end = size - 1;
  return { kind: 'partial', start, end };
}
