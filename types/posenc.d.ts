// posenc.d.ts: TypeScript declarations of posenc's JS API (web/api/posenc.js, README "The JS API"):
// matrices and tensors, every function's options and results, attentionAsync, and the training
// API (createModel, taskBatch, tasks: issue 10, web/api/model.js). Dimension letters: L queries, S keys,
// D width, H heads, Dh = D/H, V vocabulary, B batch.
// Leaves out: the web component (embed.d.ts) and the core's internals.

/** A matrix: `rows`×`cols`, `data` row-major (Float32Array; Int32Array for bucket and distance matrices). */
export interface Matrix<T extends Float32Array | Int32Array = Float32Array> {
  rows: number;
  cols: number;
  data: T;
}

/** A per-head tensor: `heads`×`rows`×`cols`, row-major, head by head. */
export interface Tensor {
  heads: number;
  rows: number;
  cols: number;
  data: Float32Array;
}

/** Any object of matrix shape (functions never keep or modify their arguments). */
export type MatrixLike = { rows: number; cols: number; data: ArrayLike<number> };
export type TensorLike = { heads: number; rows: number; cols: number; data: ArrayLike<number> };
export type Numbers = ArrayLike<number>;

/** Pairing of coordinates: `interleaved` (2i, 2i+1) or `halves` (i, i + D/2). */
export type Layout = 'interleaved' | 'halves';

export interface SinusoidalOptions { base?: number; layout?: Layout }
export interface RopeOptions { positions?: Numbers; base?: number; layout?: Layout; scale?: number; heads?: number }

export interface AttentionOptions {
  heads?: number;
  causal?: boolean;
  /** 1×L×S matrix or H×L×S tensor added to the scores. */
  bias?: MatrixLike | TensorLike;
  /** Return the attention weights (default true). */
  weights?: boolean;
  rope?: boolean | { base?: number; layout?: Layout; scale?: number };
  /** true: `alibiSlopes(heads)`; or H slopes. */
  alibi?: boolean | Numbers;
  /** (2k+1)×Dh aᴷ (Shaw et al.), k = maxDistance. */
  relativeKeys?: MatrixLike;
  relativeValues?: MatrixLike;
  maxDistance?: number;
}

export interface AttentionResult {
  /** L×D */
  output: Matrix;
  /** H×L×S, absent when `weights: false`. */
  weights?: Tensor;
}

export type Backend = 'webgpu' | 'wasm';
export type FallbackCode = 'no-gpu' | 'no-adapter' | 'gpu-failed' | 'relative' | 'head-width' | 'too-large' | 'device-lost';

export interface AttentionAsyncOptions extends AttentionOptions { backend?: 'auto' | Backend }
export interface AttentionAsyncResult extends AttentionResult {
  backend: Backend;
  fallbackReason?: string;
  fallbackCode?: FallbackCode;
}
export interface BackendInfo {
  backend: Backend;
  fallbackReason?: string;
  fallbackCode?: FallbackCode;
  adapter?: unknown;
}

export interface T5Options { bidirectional?: boolean; numBuckets?: number; maxDistance?: number }
export interface DotTerms {
  tokenToken: Matrix;
  tokenPosition: Matrix;
  positionToken: Matrix;
  positionPosition: Matrix;
  total: Matrix;
}
export type Distribution = 'normal' | 'uniform';
export interface RandomOptions { seed?: number; scale?: number; distribution?: Distribution }
export interface ReadbackOptions extends SinusoidalOptions { scale?: number; seed?: number; trials?: number; distribution?: Distribution }
export interface PermutationResult { original: Matrix; permuted: Matrix; expected: Matrix; maxDifference: number }
export interface MemoryStats { heapBytes: number; mallocBytes: number; embindHandles: number }

// ---- training (issue 10, web/api/model.js) ------------------------------------------------

/** 'none' is NoPE. */
export type PositionScheme = 'none' | 'learned' | 'sinusoidal' | 'rope' | 'alibi' | 't5' | 'shaw';
/** How an absolute position enters the residual stream: summed with the token, or beside it. */
export type PositionCombine = 'add' | 'concat';
/** copy, reverse and recall need a causal model; position and masked work with any (pe.tasks()). */
export type TaskName = 'copy' | 'reverse' | 'recall' | 'position' | 'masked';

export interface ModelOptions {
  vocab: number;
  width: number;
  heads: number;
  layers: number;
  /** default 4·width */
  mlpWidth?: number;
  /** learned: the rows of the position table (the longest L accepted) */
  maxLength?: number;
  position?: PositionScheme;
  /**
   * How a 'learned' or 'sinusoidal' position enters the input (default 'add'): 'add' sums it with
   * the token vector (both width wide); 'concat' puts positionWidth columns of position beside
   * width − positionWidth token columns (wte vocab×(width − positionWidth), wpe maxLength×positionWidth).
   */
  combine?: PositionCombine;
  /** concat only: the position's columns, 1 … width − 1 (even for 'sinusoidal') */
  positionWidth?: number;
  causal?: boolean;
  rope?: { base?: number; layout?: Layout; scale?: number };
  t5?: { numBuckets?: number; maxDistance?: number };
  shaw?: { maxDistance?: number };
  seed?: number;
}

/** B·L token ids (an array or Int32Array); a target −1 is not scored. */
export type Tokens = number[] | Int32Array;
export interface BatchShape { batch: number; length: number }
export interface AdamWOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** global-norm gradient clipping (default Infinity: none) */
  clip?: number;
}
export interface TrainOptions extends BatchShape, AdamWOptions {}
export interface TrainStepsOptions extends BatchShape, AdamWOptions { steps: number; seed?: number }
export interface EvaluateOptions { lengths: number[]; batches?: number; batch?: number; seed?: number }
export interface LengthResult { length: number; loss: number; accuracy: number; scored: number }
export interface ModelInfo {
  vocab: number; width: number; heads: number; layers: number; mlpWidth: number; maxLength: number;
  position: PositionScheme; combine: PositionCombine; positionWidth: number; causal: boolean; seed: number;
  names: string[];
  shapes: Record<string, [number, number]>;
  parameterCount: number;
  steps: number;
}

export interface Model {
  info(): ModelInfo;
  /** Copies of every parameter tensor, by name. */
  parameters(): Record<string, Matrix>;
  /** Any subset; unknown names and wrong shapes are refused. */
  setParameters(parameters: Record<string, MatrixLike>): void;
  /** logits: (B·L)×V */
  forward(tokens: Tokens, shape: BatchShape): { logits: Matrix };
  /** One H×L×L tensor per layer (batch 1). */
  attentionWeights(tokens: Tokens, options: { length: number }): Tensor[];
  lossAndGradients(tokens: Tokens, targets: Tokens, shape: BatchShape): { loss: number; gradients: Record<string, Matrix> };
  /** One AdamW step; returns the loss before the step. */
  trainStep(tokens: Tokens, targets: Tokens, options: TrainOptions): number;
  /** `steps` AdamW steps on batches the core draws; the losses, each before its step. */
  trainSteps(task: TaskName, options: TrainStepsOptions): Float32Array;
  /** Loss and exact-match accuracy on scored positions, per length. */
  evaluate(task: TaskName, options: EvaluateOptions): LengthResult[];
  /** Frees the WASM memory; using the model afterwards throws. */
  dispose(): void;
  readonly disposed: boolean;
}

export interface TaskBatchOptions { batch: number; length: number; vocab: number; seed?: number; index?: number }
export interface TaskBatch { batch: number; length: number; tokens: Int32Array; targets: Int32Array }
export interface TaskInfo {
  name: TaskName;
  rule: string;
  minLength: number;
  needsCausal: boolean;
  example: { tokens: Int32Array; targets: Int32Array };
}

// ---- the API object ---------------------------------------------------------------------------

export interface Posenc {
  matrix(rows: ArrayLike<number>[]): Matrix;
  toRows(m: MatrixLike): number[][];
  /** V×D table, ids in [0, V) → n×D */
  embeddingLookup(table: MatrixLike, ids: Numbers): Matrix;
  addEmbeddings(a: MatrixLike, b: MatrixLike): Matrix;
  /** L×D, positions 0..L−1, even D */
  sinusoidal(length: number, dim: number, options?: SinusoidalOptions): Matrix;
  sinusoidalAt(positions: Numbers, dim: number, options?: SinusoidalOptions): Matrix;
  learnedPositions(table: MatrixLike, positions: Numbers): Matrix;
  /** D′×D M, n×D x → n×D′ (row r = M·x[r]) */
  applyLinear(M: MatrixLike, x: MatrixLike): Matrix;
  attention(q: MatrixLike, k: MatrixLike, v: MatrixLike, options?: AttentionOptions): AttentionResult;
  checkAttention(q: MatrixLike, k: MatrixLike, v: MatrixLike, options?: AttentionOptions): void;
  attentionAsync(q: MatrixLike, k: MatrixLike, v: MatrixLike, options?: AttentionAsyncOptions): Promise<AttentionAsyncResult>;
  backendInfo(): Promise<BackendInfo>;
  rope(x: MatrixLike, options?: RopeOptions): Matrix;
  alibiSlopes(heads: number): Float32Array;
  alibiBias(queryLength: number, keyLength: number, headsOrSlopes: number | Numbers): Tensor;
  t5Bucket(relativePosition: number, options?: T5Options): number;
  t5Buckets(queryLength: number, keyLength: number, options?: T5Options): Matrix<Int32Array>;
  t5Bias(queryLength: number, keyLength: number, table: MatrixLike, options?: T5Options): Tensor;
  relativeDistances(queryLength: number, keyLength: number, options?: { maxDistance?: number }): Matrix<Int32Array>;
  shawBias(q: MatrixLike, keyLength: number, relativeKeys: MatrixLike, options?: { heads?: number; maxDistance?: number }): Tensor;
  relativeSinusoidal(length: number, dim: number, options?: SinusoidalOptions): Tensor;
  shiftMatrix(dim: number, offset: number, options?: SinusoidalOptions): Matrix;
  wavelengths(dim: number, options?: { base?: number }): Float64Array;
  /** the sine columns a line plot of a D-wide encoding shows: distinct even columns nearest below 0, D/8, D/4, D/2 */
  spreadColumns(dim: number): number[];
  positionSimilarity(length: number, dim: number, options?: SinusoidalOptions): Matrix;
  /** L×D M → L×L: S[i][j] = cosine of rows i and j */
  cosineSimilarity(M: MatrixLike): Matrix;
  /** L×L S → 1×L: m[d] = mean of S[i][i+d] */
  meanByOffset(S: MatrixLike): Matrix;
  dotTerms(E: MatrixLike, P: MatrixLike): DotTerms;
  readPositions(x: MatrixLike, options?: SinusoidalOptions & { candidates?: number }): Int32Array;
  readbackRate(length: number, dim: number, options?: ReadbackOptions): number;
  readbackSweep(length: number, dims: Numbers, scales: Numbers, options?: ReadbackOptions): Matrix;
  permuteRows(x: MatrixLike, permutation: Numbers): Matrix;
  permutationExperiment(x: MatrixLike, permutation: Numbers, options?: { heads?: number; positions?: MatrixLike }): PermutationResult;
  randomMatrix(rows: number, cols: number, options?: RandomOptions): Matrix;
  randomPermutation(n: number, options?: { seed?: number }): Int32Array;
  /** L×D, positions 0..L−1: the sinusoid computed as exp(−(2i/D)·ln base) (the reference's other form) */
  expLogSinusoidal(length: number, dim: number, options?: { base?: number }): Matrix;
  /** Dh/2 angle steps θ_i / scale of RoPE's pairs */
  ropeFrequencies(headDim: number, options?: { base?: number; scale?: number }): Float64Array;
  /** the two columns of pair i (n×2) */
  pair(m: MatrixLike, i: number, layout?: Layout): Matrix;
  regroup(m: MatrixLike, from: Layout, to: Layout): Matrix;
  /** A − B, matrices or per-head tensors */
  difference(A: MatrixLike | TensorLike, B: MatrixLike | TensorLike): Matrix | Tensor;
  maxAbsDifference(A: MatrixLike | TensorLike, B: MatrixLike | TensorLike): number;
  /** the binding table's rows (of: 'Model' for the model's methods) */
  describe(): { name: string; args: string[]; options: string[] | null; of: string | null }[];
  heapBytes(): number;
  memoryStats(): MemoryStats;
  /** issue 10: a tiny transformer trained by the core. */
  createModel(options: ModelOptions): Model;
  /** issue 10: a seeded batch of a synthetic task. */
  taskBatch(task: TaskName, options: TaskBatchOptions): TaskBatch;
  /** issue 10: the synthetic tasks, each with its rule and an example. */
  tasks(): TaskInfo[];
}

/** Loads the WASM core once per page or process. */
export function loadPosenc(): Promise<Posenc>;
export function matrix(rows: ArrayLike<number>[]): Matrix;
export function toRows(m: MatrixLike): number[][];
