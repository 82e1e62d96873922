// authors-print.test.mjs: "Print this lesson" (page/print-layout.js, print.css). Three lessons
// printed to PDF through Chromium (page.pdf), in en, ja and zh: every step laid out once with the
// learner's current values, the sources box at the end, the page in the current language; in the
// print-emulated page at A4's text width no table is clipped (scrollWidth ≤ clientWidth, for the
// table and its scrolling wrapper); the PDF has several pages (one per step at most two or three)
// and embeds its fonts (/FontFile entries); plots stay vectors (no <img>/<canvas> for them).
import test from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, startServer } from './browser.mjs';

// A4 (210 mm) minus print.css's 12 mm margins each side, at 96 px per inch.
const A4_TEXT_PX = Math.floor(((210 - 24) / 25.4) * 96);

let site, browser;
test.before(async () => { site = await startServer({ port: 0 }); browser = await launchBrowser(); });
test.after(async () => { await browser?.close(); await site?.close(); });

async function printLesson(id, lang, prepare = async () => {}) {
  const { page, problems } = await openPage(browser.context, `${site.url}?lesson=${id}&lang=${lang}`);
  await page.locator('article.lesson[data-step="1"]').waitFor();
  await prepare(page);
  // The button lays out the handout, then calls window.print(); the test records the call.
  await page.evaluate(() => { window.printCalls = 0; window.print = () => { window.printCalls += 1; }; });
  await page.locator('.lesson-foot button.print').click();
  await page.waitForFunction(() => window.printCalls === 1);
  assert.equal(await page.locator('article.lesson').getAttribute('data-print'), 'ready');
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: A4_TEXT_PX, height: 1000 });
  const layout = await page.evaluate(() => {
    const all = document.querySelector('.print-all');
    const visible = (e) => e.getClientRects().length > 0;
    const clipped = [];
    for (const t of all.querySelectorAll('table')) {
      const wrap = t.closest('.table-wrap') ?? t.parentElement;
      if (t.scrollWidth > t.clientWidth + 1 || wrap.scrollWidth > wrap.clientWidth + 1 || t.getBoundingClientRect().right > document.documentElement.clientWidth + 1) {
        clipped.push(`${t.querySelector('caption')?.textContent ?? '(table)'}: ${t.scrollWidth} > ${t.clientWidth} / ${wrap.scrollWidth} > ${wrap.clientWidth}`);
      }
    }
    return {
      printVisible: visible(all),
      interactiveVisible: visible(document.querySelector('article.lesson > section.step')),
      steps: Array.from(all.querySelectorAll('.print-step > h2'), (h) => h.textContent),
      tables: all.querySelectorAll('table').length,
      clipped,
      loading: all.querySelectorAll('.block-loading').length,
      lastIsSources: all.lastElementChild.classList.contains('sources-box'),
      sources: all.querySelectorAll('.sources-box li').length,
      svgs: all.querySelectorAll('svg.plot, svg.heatmap').length,
      rasterPlots: all.querySelectorAll('pe-plot img, pe-plot canvas, figure canvas').length,
      text: all.textContent,
      lang: document.documentElement.lang,
    };
  });
  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  await page.close();
  return { layout, pdf, problems };
}

function pdfFacts(pdf) {
  const s = pdf.toString('latin1');
  assert.equal(s.slice(0, 5), '%PDF-');
  return {
    pages: (s.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length,
    fontFiles: (s.match(/\/FontFile[23]?\b/g) ?? []).length,
    descriptors: (s.match(/\/Type\s*\/FontDescriptor\b/g) ?? []).length,
    // Type 3 fonts (counted by their descriptors) carry their glyphs as drawing procedures in the file itself, with no font file
    // (Chromium writes CFF-flavoured fonts, e.g. Noto CJK where fontconfig falls back to it, so).
    type3: new Set(Array.from(s.matchAll(/\/Subtype\s*\/Type3\b[^]*?\/FontDescriptor\s+(\d+)\s+0\s+R/g), (m) => m[1])).size,
  };
}

for (const [id, lang, script, steps] of [['sinusoidal', 'en', /[A-Za-z]/, 5], ['rope', 'ja', /[ぁ-ヿ]/, 6], ['alibi', 'zh', /[\u4e00-\u9fff]/, 6]]) {
  test(`${id} in ${lang} prints every step, unclipped, with its sources, to a multi-page PDF with embedded fonts`, async () => {
    const { layout, pdf, problems } = await printLesson(id, lang);
    assert.ok(layout.printVisible && !layout.interactiveVisible, 'on paper: the handout, not the interactive step');
    assert.equal(layout.steps.length, steps, layout.steps.join(' | '));
    assert.equal(layout.loading, 0, 'every lazy block loaded before printing');
    assert.ok(layout.tables > 0);
    assert.deepEqual(layout.clipped, [], 'no table is clipped at A4 width');
    assert.ok(layout.lastIsSources && layout.sources > 0, 'the sources box ends the handout');
    assert.ok(layout.svgs > 0 && layout.rasterPlots === 0, 'plots and heatmaps are SVG');
    assert.match(layout.text, script);
    const facts = pdfFacts(pdf);
    assert.ok(facts.pages > 1 && facts.pages <= steps * 3, `${facts.pages} pages for ${steps} steps`);
    // Every font the PDF describes carries its glyphs (a subset) in the file.
    assert.ok(facts.descriptors > 0 && facts.fontFiles + facts.type3 === facts.descriptors, `fonts embedded: ${facts.fontFiles} font files and ${facts.type3} Type 3 descriptors for ${facts.descriptors} fonts`);
    assert.deepEqual(problems, { console: [], page: [], failed: [], offsite: [] });
  });
}

test('the handout shows the learner\'s current values, not the worked example\'s', async () => {
  const rotated = (page, scope) => page.evaluate((sel) => {
    const row = Array.from(document.querySelectorAll(`${sel} table tr`)).find((tr) => tr.querySelector('th')?.textContent === 'RoPE(q, m)');
    return Array.from(row.querySelectorAll('td'), (td) => td.textContent).join(' ');
  }, scope);
  let before, after;
  const { layout } = await printLesson('rope', 'en', async (page) => {
    before = await rotated(page, 'article.lesson > section.step');
    await page.locator('pe-input.kind-integer input[type="text"]').first().fill('5');
    await page.waitForFunction((b) => {
      const row = Array.from(document.querySelectorAll('article.lesson > section.step table tr')).find((tr) => tr.querySelector('th')?.textContent === 'RoPE(q, m)');
      return Array.from(row.querySelectorAll('td'), (td) => td.textContent).join(' ') !== b;
    }, before);
    after = await rotated(page, 'article.lesson > section.step');
  });
  assert.notEqual(after, before);
  assert.ok(layout.text.includes(after.replace(/ /g, '')), `the handout holds the rotated q for m = 5: ${after}`);
  assert.ok(!layout.text.includes(before.replace(/ /g, '')), 'and not the worked example\'s m = 3');
});
