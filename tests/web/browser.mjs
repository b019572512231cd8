// The chat widget in a real browser: Debian's Chromium, headless, driven by Playwright
// (playwright-core, never its own browser download). It uses the demo page of a running
// `communique serve` the way a person would, with the keyboard where a person can, and saves
// screenshots.
//
//   node tests/web/browser.mjs BASE_URL SCREENSHOT_DIR [README_SCREENSHOT]
//
// Prints one line per check, and exits 1 at the first that fails. The questions are worded for
// this test.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, shots, readmeShot] = process.argv.slice(2);
if (!base || !shots) {
  console.error('usage: node browser.mjs BASE_URL SCREENSHOT_DIR [README_SCREENSHOT]');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT = 20000;
let passed = 0;

function check(ok, what, detail) {
  if (!ok) {
    console.error(`FAIL ${what}${detail === undefined ? '' : ': ' + JSON.stringify(detail)}`);
    throw new Error(what);
  }
  passed += 1;
  console.log(`ok   ${what}`);
}

async function api(path, body) {
  const response = await fetch(new URL(path, base), body === undefined ? {} : {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.json();
}

const labels = (await api('v1/labels')).languages;
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const dialogs = [];
let page;
try {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
  page = await context.newPage();
  page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
  const failedRequests = [];
  page.on('requestfailed', (request) => failedRequests.push(request.url()));
  page.on('request', (request) => {
    if (!request.url().startsWith(base)) { failedRequests.push('outside: ' + request.url()); }
  });

  await page.goto(base);
  await page.waitForSelector('.cq[data-ready="true"]', { timeout: WAIT });
  const root = page.locator('.cq');
  const input = page.locator('.cq-input');
  const answers = page.locator('.cq-a');
  check(await page.locator('.cq-label').textContent() === labels.en.question, 'the question box has its label');
  check(await input.getAttribute('id') === await page.locator('.cq-label').getAttribute('for'), 'the label belongs to the box');
  check(await page.locator('.cq-log').getAttribute('aria-live') === 'polite', 'new replies are announced (aria-live)');

  // Keyboard only: Tab to the question box, type, Enter.
  let focused = '';
  for (let i = 0; i < 10 && focused !== 'cq-input'; i += 1) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement && document.activeElement.className);
  }
  check(focused === 'cq-input', 'Tab reaches the question box');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check(outline !== 'none', 'the focused box shows its focus', outline);

  const first = 'when should the free trade talks be done?';
  const expected = await api('v1/ask', { q: first });
  await page.keyboard.type(first);
  await page.keyboard.press('Enter');
  await answers.nth(0).waitFor({ timeout: WAIT });
  check(await answers.nth(0).locator('.cq-text').textContent() === expected.answer, 'the answer is shown', expected.answer);
  check(await answers.nth(0).locator('.cq-cite').textContent() === expected.citation, 'its source paragraph and quote are shown', expected.citation);
  check((expected.citation || '').includes('“'), 'the citation quotes the statement');
  check(await page.evaluate(() => document.activeElement.className) === 'cq-input', 'focus is back in the box after the answer');
  await page.screenshot({ path: join(shots, '01-answer-360px.png'), fullPage: true });

  // A suggestion chip.
  const chip = answers.nth(0).locator('.cq-suggestions .cq-chip').first();
  const suggestion = await chip.textContent();
  check(Boolean(suggestion), 'the answer offers suggestions', suggestion);
  await chip.click();
  await answers.nth(1).waitFor({ timeout: WAIT });
  const asked = await page.locator('.cq-q .cq-text').nth(1).textContent();
  check(asked === suggestion, 'clicking a suggestion asks it', asked);
  check((await answers.nth(1).getAttribute('data-kind')) === 'answer', 'and it is answered');

  // A follow-up that needs the context.
  await input.fill('What will they do together on health?');
  await input.press('Enter');
  await answers.nth(2).waitFor({ timeout: WAIT });
  await input.fill('when was that MoU signed?');
  await input.press('Enter');
  await answers.nth(3).waitFor({ timeout: WAIT });
  const followUp = await answers.nth(3).locator('.cq-text').textContent();
  check(followUp.includes('2019') && (await answers.nth(3).getAttribute('data-kind')) === 'answer', 'a follow-up is answered in context', followUp);
  const alone = await api('v1/ask', { q: 'when was that MoU signed?' });
  check(alone.kind === 'clarify', 'the same words without the context would be a clarification', alone.kind);

  // The session survives a reload: the conversation is shown again and its context kept.
  await page.reload();
  await page.waitForSelector('.cq[data-ready="true"]', { timeout: WAIT });
  check(await answers.count() === 4, 'the conversation is shown again after a reload', await answers.count());
  await input.fill('and where was it signed?');
  await input.press('Enter');
  await answers.nth(4).waitFor({ timeout: WAIT });
  const afterReload = await answers.nth(4).locator('.cq-text').textContent();
  check(/MoU|memorandum/i.test(afterReload), 'a follow-up after the reload still has the context', afterReload);

  // A clarification offers its choices as buttons.
  await page.locator('.cq-reset').click();
  check(await answers.count() === 0, 'a new conversation starts empty');
  await input.fill('When was the MoU signed?');
  await input.press('Enter');
  await answers.nth(0).waitFor({ timeout: WAIT });
  check((await answers.nth(0).getAttribute('data-kind')) === 'clarify', 'an ambiguous question gets a clarification');
  const choices = answers.nth(0).locator('.cq-choices .cq-chip');
  check(await choices.count() === 2, 'its choices are buttons', await choices.count());
  await choices.nth(1).focus();
  await page.keyboard.press('Enter');
  await answers.nth(1).waitFor({ timeout: WAIT });
  const chosen = await answers.nth(1).locator('.cq-text').textContent();
  check(chosen.includes('2020'), 'pressing a choice with the keyboard answers it', chosen);

  // "The statement doesn't say" looks different from an answer.
  await input.fill('what did they agree about penguins in Antarctica?');
  await input.press('Enter');
  await answers.nth(2).waitFor({ timeout: WAIT });
  const kind = await answers.nth(2).getAttribute('data-kind');
  check(kind === 'no-answer', 'an off-topic question is not answered', kind);
  check(await answers.nth(2).locator('.cq-badge').textContent() === labels.en.no_answer, 'and carries the "not in the statement" badge');
  const colours = await page.evaluate(() => {
    const all = document.querySelectorAll('.cq-a');
    const style = (n) => { const s = getComputedStyle(n); return s.backgroundColor + ' ' + s.borderTopStyle; };
    return [style(all[1]), style(all[2])];
  });
  check(colours[0] !== colours[1], 'a no-answer looks different from an answer', colours);
  await page.screenshot({ path: join(shots, '02-clarify-no-answer.png'), fullPage: true });

  // Text with markup in it is shown as text.
  const hostile = '<script>alert(1)</script><img src=x onerror="alert(2)"> & <b>bold</b>?';
  await input.fill(hostile);
  await input.press('Enter');
  await answers.nth(3).waitFor({ timeout: WAIT });
  check(await page.locator('.cq-q .cq-text').nth(3).textContent() === hostile, 'a question with <script> in it shows as text');
  check(await page.locator('.cq-log img, .cq-log script, .cq-log b').count() === 0, 'and makes no element');
  check(dialogs.length === 0, 'no script ran', dialogs);

  // Malay: the reply and the widget's own labels follow the reply's language.
  await input.fill('apa yang dipersetujui tentang pelancongan?');
  await input.press('Enter');
  await answers.nth(4).waitFor({ timeout: WAIT });
  check(await root.getAttribute('lang') === 'ms', 'a Malay question gets a Malay reply', await root.getAttribute('lang'));
  check(await page.locator('.cq-send').textContent() === labels.ms.send, 'the labels switch to Malay', await page.locator('.cq-send').textContent());
  check(await page.locator('.cq-label').textContent() === labels.ms.question, 'the box\'s label too');
  const malayReply = await api('v1/ask', { q: 'apa yang dipersetujui tentang pelancongan?' });
  const malayCite = await answers.nth(4).locator('.cq-cite').textContent();
  check(malayReply.lang === 'ms' && malayCite === malayReply.citation, 'the citation line is the Malay one', malayCite);
  await page.screenshot({ path: join(shots, '03-malay.png'), fullPage: true });

  // 360 px wide: nothing sticks out sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 0, 'usable 360 px wide (no sideways scrolling)', overflow);
  check(failedRequests.length === 0, 'every request went to the server, and none failed', failedRequests);

  if (readmeShot) {
    // The README's picture: a fresh conversation on a wider screen.
    const wide = await browser.newContext({ viewport: { width: 720, height: 1200 } });
    const shot = await wide.newPage();
    await shot.goto(base);
    await shot.waitForSelector('.cq[data-ready="true"]', { timeout: WAIT });
    const box = shot.locator('.cq-input');
    await box.fill('when should the free trade talks be done?');
    await box.press('Enter');
    await shot.locator('.cq-a').nth(0).waitFor({ timeout: WAIT });
    await box.fill('who put their names to the 2019 health MoU?');
    await box.press('Enter');
    await shot.locator('.cq-a').nth(1).waitFor({ timeout: WAIT });
    await shot.locator('.cq').screenshot({ path: readmeShot });
    console.log(`saved ${readmeShot}`);
  }
  console.log(`screenshots in ${shots}`);
  console.log(`${passed} passed, 0 failed`);
} catch (error) {
  if (page) { await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {}); }
  console.error(String(error && error.stack || error));
  console.log(`${passed} passed, 1 failed`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
