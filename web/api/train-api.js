// train-api.js: the posenc API as the training worker uses it: loadPosenc() with the training
// engine (pe.createModel, pe.taskBatch; web/api/model.js), or a clear error when this build of
// the core has none.
// Leaves out: everything else (the worker protocol is train-worker.js).
import { loadPosenc } from './posenc.js';

export async function loadTraining() {
  const pe = await loadPosenc();
  if (typeof pe.createModel !== 'function' || typeof pe.taskBatch !== 'function') {
    throw new Error('this build of the posenc core has no training engine (pe.createModel, pe.taskBatch)');
  }
  return pe;
}
