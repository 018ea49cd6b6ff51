// test_html.mjs - the HTML launch report in a real browser (Debian's
// Chromium, headless, driven by playwright-core): a failing and a passing
// report render with their verdict and counts visible; the status filters
// (CSS only) work with scripts allowed and with scripts blocked; the page
// stays readable with scripts blocked; hostile evidence (<script>, an
// <img onerror>, very long strings, invalid UTF-8) is shown as text and runs
// nothing. Screenshots of both reports are written for review.
// usage: node test_html.mjs FAIL.html PASS.html HOSTILE.html SCREENSHOT_DIR
import { chromium } from 'playwright-core';

const [failHtml, passHtml, hostileHtml, shots] = process.argv.slice(2);
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
    await ctx.close();
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
