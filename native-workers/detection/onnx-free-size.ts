// Frees the picture size of a fully convolutional ONNX model (pure; the model file itself is never changed).
//
// YOLOX is fully convolutional: its graph reshapes to [1, 85, -1] and upsamples by scale factors, so it runs at any
// input size that is a multiple of 32. The exported file still declares the 416 × 416 it was exported at (and the
// shapes of its 368 intermediate tensors at that size), and onnxruntime refuses any other input size. Here the input's
// height and width and the output's row count become named (free) dimensions and the intermediate shape hints are
// dropped (onnxruntime infers them again), so the detector can run the model on a picture as small as what it has to
// look at: a person's box at its own size rather than a 320 px square blown up to 416.
//
// Only the few protobuf fields on the way to those dimensions are decoded; every other byte is copied as it is.
// Field numbers (onnx.proto3): ModelProto.graph 7; GraphProto.input 11, output 12, value_info 13; ValueInfoProto.name 1,
// type 2; TypeProto.tensor_type 1; TypeProto.Tensor.shape 2; TensorShapeProto.dim 1; Dimension.dim_value 1,
// dim_param 2.

interface Field {
  field: number;
  wire: number;
  /** The whole field: tag, length (when length-delimited) and payload. */
  start: number;
  end: number;
  /** The payload of a length-delimited field (start = end for the others). */
  bodyStart: number;
  bodyEnd: number;
}

/** Which dimensions to free: input or output name → dimension index → the name it gets. */
export type FreeDims = Record<string, Record<number, string>>;

const LENGTH_DELIMITED = 2;

function readVarint(buf: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  let p = at;
  for (;;) {
    if (p >= buf.length) throw new Error('the model file is cut short (a number runs past its end)');
    const byte = buf[p++]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, next: p };
    scale *= 128;
    if (scale > 2 ** 63) throw new Error('the model file is damaged (a number is too long)');
  }
}

function fieldsOf(buf: Uint8Array, start: number, end: number): Field[] {
  const out: Field[] = [];
  let p = start;
  while (p < end) {
    const fieldStart = p;
    const tag = readVarint(buf, p);
    p = tag.next;
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    let bodyStart = p;
    let bodyEnd = p;
    if (wire === 0) p = readVarint(buf, p).next;
    else if (wire === 1) p += 8;
    else if (wire === 5) p += 4;
    else if (wire === LENGTH_DELIMITED) {
      const len = readVarint(buf, p);
      bodyStart = len.next;
      bodyEnd = bodyStart + len.value;
      p = bodyEnd;
    } else throw new Error(`the model file is damaged (wire type ${wire})`);
    if (p > end) throw new Error('the model file is cut short (a field runs past its end)');
    out.push({ field, wire, start: fieldStart, end: p, bodyStart, bodyEnd });
  }
  return out;
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return bytes;
}

/** A length-delimited field with a new body. */
function encodeField(field: number, body: Uint8Array): Uint8Array {
  const head = [...varint(field * 8 + LENGTH_DELIMITED), ...varint(body.length)];
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Rebuilds the message in buf[start, end): each field for which `edit` returns bytes is replaced by them (an empty
 * array drops it), the others are copied.
 */
function rebuild(buf: Uint8Array, start: number, end: number, edit: (f: Field) => Uint8Array | null): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const f of fieldsOf(buf, start, end)) parts.push(edit(f) ?? buf.subarray(f.start, f.end));
  return concat(parts);
}

/** Descends into the length-delimited `field` of a message, rewriting its body with `inner`. */
function into(buf: Uint8Array, f: Field, inner: (bodyStart: number, bodyEnd: number) => Uint8Array): Uint8Array {
  return encodeField(f.field, inner(f.bodyStart, f.bodyEnd));
}

function text(buf: Uint8Array, f: Field): string {
  return new TextDecoder().decode(buf.subarray(f.bodyStart, f.bodyEnd));
}

/** A ValueInfoProto with the dimensions in `free` (index → name) turned into named ones. */
function freeValueInfo(buf: Uint8Array, start: number, end: number, free: Record<number, string>, found: Set<number>): Uint8Array {
  const enc = new TextEncoder();
  return rebuild(buf, start, end, (vi) => {
    if (vi.field !== 2 || vi.wire !== LENGTH_DELIMITED) return null; // type
    return into(buf, vi, (s, e) =>
      rebuild(buf, s, e, (tt) => {
        if (tt.field !== 1 || tt.wire !== LENGTH_DELIMITED) return null; // tensor_type
        return into(buf, tt, (s2, e2) =>
          rebuild(buf, s2, e2, (sh) => {
            if (sh.field !== 2 || sh.wire !== LENGTH_DELIMITED) return null; // shape
            let index = -1;
            return into(buf, sh, (s3, e3) =>
              rebuild(buf, s3, e3, (dim) => {
                if (dim.field !== 1 || dim.wire !== LENGTH_DELIMITED) return null;
                index++;
                const name = free[index];
                if (name === undefined) return null;
                found.add(index);
                return encodeField(1, encodeField(2, enc.encode(name)));
              }),
            );
          }),
        );
      }),
    );
  });
}

/**
 * The model with the named inputs' and outputs' dimensions freed (see the file comment) and the intermediate shape
 * hints (GraphProto.value_info) dropped. Throws when a name or dimension asked for is not in the model.
 */
export function freeModelDims(model: Uint8Array, free: FreeDims): Uint8Array {
  const done = new Map<string, Set<number>>();
  const out = rebuild(model, 0, model.length, (m) => {
    if (m.field !== 7 || m.wire !== LENGTH_DELIMITED) return null; // graph
    return into(model, m, (s, e) =>
      rebuild(model, s, e, (g) => {
        if (g.wire !== LENGTH_DELIMITED) return null;
        if (g.field === 13) return new Uint8Array(0); // value_info: inferred again by onnxruntime
        if (g.field !== 11 && g.field !== 12) return null; // input, output
        const name = fieldsOf(model, g.bodyStart, g.bodyEnd).find((f) => f.field === 1 && f.wire === LENGTH_DELIMITED);
        const wanted = name ? free[text(model, name)] : undefined;
        if (!name || !wanted) return null;
        const found = new Set<number>();
        done.set(text(model, name), found);
        return into(model, g, (s2, e2) => freeValueInfo(model, s2, e2, wanted, found));
      }),
    );
  });
  for (const [name, dims] of Object.entries(free)) {
    const found = done.get(name);
    if (!found) throw new Error(`the model has no input or output named "${name}"`);
    for (const index of Object.keys(dims)) {
      if (!found.has(Number(index))) throw new Error(`"${name}" has no dimension ${index}`);
    }
  }
  return out;
}

/** The declared dimensions of the graph's inputs and outputs (numbers, or names for free ones), by name. */
export function declaredDims(model: Uint8Array): Record<string, Array<number | string>> {
  const out: Record<string, Array<number | string>> = {};
  const sub = (s: number, e: number, field: number): Field[] => fieldsOf(model, s, e).filter((f) => f.field === field && f.wire === LENGTH_DELIMITED);
  for (const g of sub(0, model.length, 7)) {
    for (const io of fieldsOf(model, g.bodyStart, g.bodyEnd)) {
      if ((io.field !== 11 && io.field !== 12) || io.wire !== LENGTH_DELIMITED) continue;
      const name = sub(io.bodyStart, io.bodyEnd, 1)[0];
      if (!name) continue;
      const dims: Array<number | string> = [];
      for (const type of sub(io.bodyStart, io.bodyEnd, 2)) {
        for (const tensor of sub(type.bodyStart, type.bodyEnd, 1)) {
          for (const shape of sub(tensor.bodyStart, tensor.bodyEnd, 2)) {
            for (const dim of sub(shape.bodyStart, shape.bodyEnd, 1)) {
              const parts = fieldsOf(model, dim.bodyStart, dim.bodyEnd);
              const param = parts.find((p) => p.field === 2 && p.wire === LENGTH_DELIMITED);
              const value = parts.find((p) => p.field === 1 && p.wire === 0);
              dims.push(param ? text(model, param) : value ? readVarint(model, value.bodyStart).value : '?');
            }
          }
        }
      }
      out[text(model, name)] = dims;
    }
  }
  return out;
}
