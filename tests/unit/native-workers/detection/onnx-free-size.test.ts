// The model-size freeing on a small hand-built ONNX model (protobuf bytes written here field by field); the real
// model's run at other sizes is in tests/integration/person-detector.test.ts.
import { describe, expect, it } from 'vitest';
import { declaredDims, freeModelDims } from '../../../../native-workers/detection/onnx-free-size.ts';

function varint(v: number): number[] {
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}
const bytes = (field: number, body: number[]): number[] => [...varint(field * 8 + 2), ...varint(body.length), ...body];
const str = (field: number, s: string): number[] => bytes(field, [...new TextEncoder().encode(s)]);
const int = (field: number, v: number): number[] => [...varint(field * 8), ...varint(v)];

/** ValueInfoProto { name, type { tensor_type { elem_type: float, shape { dim… } } } } */
function valueInfo(field: number, name: string, dims: number[]): number[] {
  const shape = dims.flatMap((d) => bytes(1, int(1, d)));
  return bytes(field, [...str(1, name), ...bytes(2, bytes(1, [...int(1, 1), ...bytes(2, shape)]))]);
}

function model(): Uint8Array {
  const node = bytes(1, [...str(1, 'images'), ...str(2, 'output'), ...str(4, 'Conv')]);
  const graph = [
    ...node,
    ...str(2, 'main'),
    ...valueInfo(11, 'images', [1, 3, 416, 416]),
    ...valueInfo(12, 'output', [1, 3549, 85]),
    ...valueInfo(13, 'hidden', [1, 16, 208, 208]),
    ...valueInfo(13, 'hidden2', [1, 32, 104, 104]),
  ];
  // ir_version 8, producer "test", graph, opset_import { version 11 }
  return new Uint8Array([...int(1, 8), ...str(2, 'test'), ...bytes(7, graph), ...bytes(8, int(2, 11))]);
}

const FREE = { images: { 2: 'height', 3: 'width' }, output: { 1: 'rows' } };

describe('freeModelDims', () => {
  it("names the input's height and width and the output's rows, and leaves the other dimensions as they were", () => {
    const before = model();
    expect(declaredDims(before)).toEqual({ images: [1, 3, 416, 416], output: [1, 3549, 85] });
    const after = freeModelDims(before, FREE);
    expect(declaredDims(after)).toEqual({ images: [1, 3, 'height', 'width'], output: [1, 'rows', 85] });
  });

  it('drops the intermediate shape hints and copies every other field byte for byte', () => {
    const after = freeModelDims(model(), FREE);
    const text = new TextDecoder().decode(after);
    expect(text).not.toContain('hidden');
    for (const kept of ['test', 'main', 'Conv', 'images', 'output']) expect(text).toContain(kept);
    // The opset_import field after the graph is intact: the last 4 bytes are `8: { 2: 11 }`.
    expect([...after.slice(-4)]).toEqual([0x42, 2, 0x10, 11]);
    // Freeing again is harmless (nothing left to name differently).
    expect(declaredDims(freeModelDims(after, FREE))).toEqual(declaredDims(after));
  });

  it('says which name or dimension is missing, and rejects a damaged file', () => {
    expect(() => freeModelDims(model(), { input: { 2: 'h' } })).toThrow(/no input or output named "input"/);
    expect(() => freeModelDims(model(), { images: { 7: 'h' } })).toThrow(/"images" has no dimension 7/);
    const cut = model().slice(0, 40);
    expect(() => freeModelDims(cut, FREE)).toThrow(/cut short/);
  });
});
