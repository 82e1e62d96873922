// values.js: the shapes of the values a lesson's dataflow holds, recognised in one place.
//
//   matrix  { rows, cols, data }         rows × cols, row-major, data a typed array (Float32Array)
//   tensor  { heads, rows, cols, data }  H × rows × cols: one rows × cols matrix per head
// A tensor also has a matrix's fields, so code that treats the two differently asks isTensor first.
// Leaves out: checking the numbers themselves (the core refuses bad ones) and the JS API's own
// argument checks (web/api/posenc.js).

export function isMatrix(v) {
  return v !== null && typeof v === 'object' && Number.isInteger(v.rows) && Number.isInteger(v.cols) &&
    ArrayBuffer.isView(v.data);
}

export function isTensor(v) {
  return isMatrix(v) && Number.isInteger(v.heads);
}
