// onnx-mha.mjs: a one-node ONNX model, com.microsoft MultiHeadAttention, written as protobuf bytes
// by hand (the few fields of onnx.proto it needs), for onnxruntime-web in bench/attention.mjs.
//
//   inputs  query [1, L, D], key [1, S, D], value [1, S, D], and with `bias` attention_bias [1, H, L, S]
//   output  output [1, L, D]
//   attributes num_heads = H, unidirectional = 1 when causal
// L and S are symbolic dimensions, so one session serves every length.
// Leaves out: every other ONNX feature (initializers, packed QKV, past key/value).

// Protobuf wire format: varint (type 0), 32-bit (type 5) and length-delimited (type 2) fields.
function varint(n) {
  const out = [];
  let v = BigInt(n);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return out;
}
const key = (field, type) => varint((field << 3) | type);
const int = (field, n) => [...key(field, 0), ...varint(n)];
const bytes = (field, b) => [...key(field, 2), ...varint(b.length), ...b];
const str = (field, s) => bytes(field, [...new TextEncoder().encode(s)]);

// onnx.proto field numbers.
const dim = (d) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d)); // TensorShapeProto.Dimension
const floatTensorType = (dims) => bytes(1, [...int(1, 1), ...bytes(2, dims.flatMap(dim))]); // TypeProto.tensor_type
const valueInfo = (name, dims) => [...str(1, name), ...bytes(2, floatTensorType(dims))];
const intAttribute = (name, i) => [...str(1, name), ...int(20, 2), ...int(3, i)]; // type INT = 2

export function multiHeadAttentionModel({ heads, width, causal = false, bias = false }) {
  const inputs = [
    ['query', [1, 'L', width]],
    ['key', [1, 'S', width]],
    ['value', [1, 'S', width]],
  ];
  if (bias) inputs.push(['attention_bias', [1, heads, 'L', 'S']]);
  // MultiHeadAttention's inputs: query, key, value, bias, key_padding_mask, attention_bias.
  const nodeInputs = ['query', 'key', 'value', ...(bias ? ['', '', 'attention_bias'] : [])];
  const node = [
    ...nodeInputs.flatMap((name) => str(1, name)),
    ...str(2, 'output'),
    ...str(3, 'mha'),
    ...str(4, 'MultiHeadAttention'),
    ...bytes(5, intAttribute('num_heads', heads)),
    ...(causal ? bytes(5, intAttribute('unidirectional', 1)) : []),
    ...str(7, 'com.microsoft'),
  ];
  const graph = [
    ...bytes(1, node),
    ...str(2, 'posenc-bench'),
    ...inputs.flatMap(([name, dims]) => bytes(11, valueInfo(name, dims))),
    ...bytes(12, valueInfo('output', [1, 'L', width])),
  ];
  const model = [
    ...int(1, 8), // ir_version
    ...str(2, 'posenc bench/onnx-mha.mjs'),
    ...bytes(7, graph),
    ...bytes(8, [...str(1, ''), ...int(2, 17)]), // opset_import: ai.onnx 17
    ...bytes(8, [...str(1, 'com.microsoft'), ...int(2, 1)]),
  ];
  return Uint8Array.from(model);
}
