// Web Chat on a bot in model mode (run by WebChatStreamingTests against a slow fake model): the case profile's first
// example question is asked; the answer must show in the page while it is being written (Web Chat livestreaming from
// the bot's typing activities), end as one answer bubble with its citations, and come back once after a reload.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { BOT, OUT, report, sleep, waitFor, launchChromium } from './lib.mjs';

mkdirSync(OUT, { recursive: true });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(BOT, { waitUntil: 'domcontentloaded' });
  const input = page.locator('input[data-id="webchat-sendbox-input"], textarea[data-id="webchat-sendbox-input"]').first();
  await input.waitFor({ timeout: 30000 });
  await page.getByText('Try one of these', { exact: false }).first().waitFor({ timeout: 30000 });

  const question = (await (await fetch(`${BOT}/api/case`)).json()).exampleQuestions[0];
  // Bot bubbles (Web Chat's own classes) and the cited answers (the page wraps each in [data-casebot-activity]).
  const state = () => page.evaluate(() => {
    const bot = [...document.querySelectorAll('.webchat__bubble:not(.webchat__bubble--from-user)')];
    return {
      bubbles: bot.length,
      last: bot.length ? bot[bot.length - 1].innerText.replace(/\s+/g, ' ').trim() : '',
      answers: document.querySelectorAll('[data-casebot-activity]').length,
    };
  });
  const before = await state();
  await input.fill(question);
  await input.press('Enter');

  // While the answer is written: a bot bubble beyond those before, not yet the cited answer.
  const partials = new Set();
  const streamShot = path.resolve(OUT, 'webchat-streaming.png');
  const deadline = Date.now() + 60000;
  let now = before;
  while (now.answers === before.answers && Date.now() < deadline) {
    now = await state();
    if (now.answers === before.answers && now.bubbles > before.bubbles && now.last.length > 0) {
      if (partials.size === 0) await page.screenshot({ path: streamShot });
      partials.add(now.last);
    }
    await sleep(40);
  }
  if (now.answers === before.answers) throw new Error('no cited answer arrived');
  const final = await waitFor('the final answer', async () => { const s = await state(); return s.answers > before.answers ? s : null; });
  if (partials.size === 0) throw new Error('the answer did not show before it was complete (no livestream)');
  for (const partial of partials) {
    const head = partial.replace(/\[\d+\]/g, '').replace(/\s+/g, ' ').trim().slice(0, 40);
    if (!final.last.replace(/\[\d+\]/g, '').replace(/\s+/g, ' ').includes(head)) throw new Error(`streamed text not in the final answer: "${partial}" / "${final.last}"`);
  }
  if (final.bubbles !== before.bubbles + 1) throw new Error(`the stream left ${final.bubbles - before.bubbles} bubbles for one answer`);
  if (!/\d+ references?/.test(final.last)) throw new Error(`the final answer has no citations: ${final.last}`);

  // A reload shows the answer once (the stream is not replayed).
  await sleep(600);
  await page.reload({ waitUntil: 'domcontentloaded' });
  await input.waitFor({ timeout: 30000 });
  const restored = await waitFor('the restored answer', async () => { const s = await state(); return s.answers >= final.answers ? s : null; });
  await sleep(1000);
  const settled = await state();
  if (settled.bubbles !== final.bubbles || settled.answers !== final.answers) throw new Error(`after the reload ${settled.bubbles} bot bubbles and ${settled.answers} answers, before ${final.bubbles} and ${final.answers}`);
  report({ client: 'Web Chat (model mode)', ok: true, partials: partials.size, answerBubbles: restored.answers, screenshot: streamShot });
} finally {
  await browser.close();
}
