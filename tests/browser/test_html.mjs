// test_html.mjs - the HTML launch report in a real browser (Debian's
// Chromium, headless, driven by playwright-core): a failing and a passing
// report render with their verdict and counts visible; the status filters
// (CSS only) work with scripts allowed and with scripts blocked; the page
// stays readable with scripts blocked; hostile evidence (<script>, an
// <img onerror>, very long strings, invalid UTF-8) is shown as text and runs
// nothing. The contract checklist is visible first, with scripts blocked too,
// and every link of it reaches a card or a row of the report. A merged report
// of two vantages shows the table of its runs and one card for a finding both
// saw, a row per vantage. Screenshots are written for review.
// usage: node test_html.mjs FAIL.html PASS.html HOSTILE.html SCREENSHOT_DIR MERGED.html
import { chromium } from 'playwright-core';

const [failHtml, passHtml, hostileHtml, shots, mergedHtml] = process.argv.slice(2);
let passed = 0, failed = 0;
const ok = (cond, what) => { if (cond) { passed++; console.log('ok: ' + what); } else { failed++; console.log('FAILED: ' + what); } };

// nothing leaves the machine: no background networking, sync or updates
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  for (const js of [true, false]) {
    const ctx = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1200, height: 900 } });
    const page = await ctx.newPage();
    const dialogs = [];
    page.on('dialog', d => { dialogs.push(d.message()); d.dismiss(); });
    const mode = js ? 'scripts allowed' : 'scripts blocked';

    await page.goto('file://' + failHtml);
    const verdict = await page.locator('.verdict').innerText();
    ok(/^FAIL:/.test(verdict) && (await page.locator('.verdict').isVisible()), `${mode}: the failing verdict is visible`);
    ok(await page.locator('table').first().isVisible() && /12/.test(await page.locator('table').first().innerText()),
       `${mode}: the counts are visible`);
    // filters: Failures only, then Passed only, then All
    const blk = s => page.locator(`.blk.b-${s}`);
    await page.locator('label[for=show-fail]').click();
    ok(await blk('fail').isVisible() && !(await blk('pass').isVisible()) && !(await blk('error').isVisible()),
       `${mode}: the Failures filter shows failures only`);
    await page.locator('label[for=show-pass]').click();
    ok(await blk('pass').isVisible() && !(await blk('fail').isVisible()), `${mode}: the Passed filter shows passes only`);
    await page.locator('label[for=show-all]').click();
    ok(await blk('fail').isVisible() && await blk('error').isVisible(), `${mode}: All shows everything again`);
    // the contract checklist: first after the verdict, visible, its links reach their results
    const cl = page.locator('table.checklist');
    ok(await page.locator('#checklist').isVisible() && await cl.isVisible(), `${mode}: the contract checklist is visible`);
    const sec1 = cl.locator('tr', { hasText: 'SEC-1' });
    ok(/FAILS/.test(await sec1.innerText()), `${mode}: SEC-1 (Prometheus not publicly reachable) says FAILS`);
    const dangling = await page.evaluate(() => [...document.querySelectorAll('table.checklist a')]
      .filter(a => !document.getElementById(a.getAttribute('href').slice(1))).map(a => a.getAttribute('href')));
    const nlinks = await cl.locator('a').count();
    ok(nlinks > 0 && dangling.length === 0, `${mode}: all ${nlinks} checklist links reach a card or row (${dangling})`);
    const first = sec1.locator('a').first();
    const target = (await first.getAttribute('href')).slice(1);
    await first.click();
    const card = page.locator('#' + target);
    ok(await card.isVisible() && /exposure\.prometheus/.test(await card.innerText()) &&
       await card.evaluate(e => { const r = e.getBoundingClientRect(); return r.top < window.innerHeight && r.bottom > 0; }),
       `${mode}: following SEC-1's first link scrolls its card into view`);
    if (js)
      await page.screenshot({ path: shots + '/report-fail.png', fullPage: true });

    await page.goto('file://' + passHtml);
    ok(/^PASS:/.test(await page.locator('.verdict').innerText()), `${mode}: the passing verdict is visible`);
    if (js)
      await page.screenshot({ path: shots + '/report-pass.png', fullPage: true });

    await page.goto('file://' + hostileHtml);
    const body = await page.locator('body').innerText();
    ok(body.includes('<script>alert(1)</script>') && body.includes('"><img src=x onerror=alert(2)>'),
       `${mode}: hostile evidence is shown as text`);
    ok(await page.locator('img').count() === 0 && await page.locator('body script').count() === 0,
       `${mode}: no element came from the evidence`);
    const all = await page.locator('body').textContent(); // folded sections included
    ok(all.includes('\\xff\\xfe') && !all.includes('\ufffd'), `${mode}: invalid UTF-8 is shown as \\xNN`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
    ok(wide, `${mode}: a very long string wraps instead of widening the page`);
    ok(dialogs.length === 0, `${mode}: nothing ran (no dialog)`);

    // a merged report: its runs as a table, one card per finding with a row per vantage
    await page.goto('file://' + mergedHtml);
    const runs = page.locator('h3:has-text("Merged runs") + table');
    ok(await runs.isVisible() && await runs.locator('tbody tr').count() === 2 &&
       /untrusted-local/.test(await runs.innerText()) && /ci-external/.test(await runs.innerText()),
       `${mode}: the merged report lists its two runs`);
    const cards = page.locator('section.card', { hasText: 'exposure.prometheus' });
    ok(await cards.count() === 1, `${mode}: one card for the finding both vantages saw`);
    const seen = cards.first().locator('table.seen tbody tr');
    ok(await seen.count() === 2 && /ci-external/.test(await seen.nth(0).innerText()) &&
       /untrusted-local/.test(await seen.nth(1).innerText()), `${mode}: a row per vantage, with its status and time`);
    ok(await page.locator('table.checklist').isVisible(), `${mode}: the merged report has the checklist`);
    if (js)
      await page.screenshot({ path: shots + '/report-merged.png', fullPage: true });
    await ctx.close();
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
