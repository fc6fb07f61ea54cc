// Bot Framework Web Chat (the page CaseBot serves at /) in headless Chromium: ask, see the cited answer, follow up.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BOT, OUT, report, sleep } from './lib.mjs';

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const external = [];
  page.on('request', (r) => { const u = new URL(r.url()); if (!['localhost', '127.0.0.1'].includes(u.hostname) && u.protocol.startsWith('http')) external.push(r.url()); });
  let alerted = false;
  page.on('dialog', async (d) => { alerted = true; await d.dismiss(); });
  await page.goto(BOT, { waitUntil: 'domcontentloaded' });

  const input = page.locator('input[data-id="webchat-sendbox-input"], textarea[data-id="webchat-sendbox-input"]').first();
  await input.waitFor({ timeout: 30000 });
  await page.getByText('Try one of these', { exact: false }).first().waitFor({ timeout: 30000 });

  async function ask(text, mustContain) {
    await input.fill(text);
    await input.press('Enter');
    await page.getByText(mustContain, { exact: false }).last().waitFor({ timeout: 30000 });
  }

  await ask('How much did the jury award Carroll?', '$5');
  const citationLinks = await page.getByText(/^\s*\d+ references?\s*$/).count();
  await ask('Who accused Trump of rape in a department store?', 'department store');
  await ask('How old is she?', '79-year-old');

  // User text is shown as text, never as live HTML.
  await input.fill('<img src=x onerror="alert(1)"> test');
  await input.press('Enter');
  await sleep(1500);
  const injected = await page.evaluate(() => [...document.querySelectorAll('img')].some((i) => i.getAttribute('src') === 'x'));

  const sendFailed = await page.getByText('Send failed', { exact: false }).count();
  await page.screenshot({ path: path.resolve(OUT, 'webchat.png'), fullPage: true });
  if (sendFailed > 0) throw new Error('Web Chat shows "Send failed"');
  if (alerted || injected) throw new Error('user HTML was rendered live');
  if (external.length > 0) throw new Error(`the page made external requests: ${external.join(', ')}`);
  if (citationLinks === 0) throw new Error('no citation link [1] was rendered');
  report({ client: 'Web Chat', ok: true, citationLinks, screenshot: path.resolve(OUT, 'webchat.png') });
} finally {
  await browser.close();
}
