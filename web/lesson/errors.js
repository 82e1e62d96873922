// errors.js: a refusal of the core worded in the learner's language. The core's errors carry a code
// naming the rule and the message's values by name (cpp/error.hpp; the JS API keeps them as
// error.code and error.values); ui.<lang>.json holds a template per code, "coreError.<code>", with
// the values as {placeholders}, and "coreName.<what>" for the names of sizes ("width" → 次元数).
//
//   coreErrorText({ message: 'width 3 must be even', code: 'not-even', values: { what: 'width', value: '3' } }, ui)
//     → '次元数 3 は偶数でなければなりません。' (ja)
// A code without a template (or an error without a code) falls back to the core's English message,
// which is also what an English page shows ({message}).
// Leaves out: the DOM (blocks put the text where it belongs).
import { fillTemplate, fromVars } from './template.js';

// ui: (key, vars) → text, answering the key itself when there is no such string (i18n.js uiText).
export function coreErrorText(err, ui) {
  const message = err?.message ?? String(err);
  const code = typeof err?.code === 'string' ? err.code : null;
  if (!code) return message;
  const key = `coreError.${code}`;
  const template = ui(key);
  if (typeof template !== 'string' || template === key) return message;
  const values = { ...(err.values ?? {}), message };
  if (typeof values.what === 'string') {
    // coreName.<what> may itself use {what} (English: "{what}", the core's own word).
    const name = ui(`coreName.${values.what}`, { what: values.what });
    if (name !== `coreName.${values.what}`) values.what = name;
  }
  return fillTemplate(template, fromVars(values));
}
