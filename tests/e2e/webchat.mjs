// Bot Framework Web Chat (the page CaseBot serves at /) in headless Chromium: ask, see the cited answer, follow up;
// open a citation and see the quote marked in its article, open the timeline, start a new conversation, check the page
// at phone width, and run axe-core on it (no serious or critical violations).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BOT, OUT, report, sleep, waitFor, launchChromium } from './lib.mjs';

mkdirSync(OUT, { recursive: true });
const browser = await launchChromium();
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
    await page.locator('#webchat').getByText(mustContain, { exact: false }).last().waitFor({ timeout: 30000 });
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

  // The page: header from the case profile, the article list, a citation opened at its quote.
  const caseName = (await (await fetch(`${BOT}/api/case`)).json()).name;
  if (!(await page.locator('#case-name').innerText()).includes(caseName)) throw new Error('the header does not name the case');
  const articles = await page.locator('#article-list button').count();
  if (articles < 1) throw new Error('no articles are listed');
  if (await page.locator('[data-id="webchat-upload-button"], .webchat__upload-button').count() > 0) throw new Error('the upload button is shown');

  const answers = page.locator('[data-casebot-activity]');
  const before = await answers.count();
  await ask('How much did the jury award Carroll?', '$5');
  await waitFor('the new answer', async () => (await answers.count()) > before);
  const answer = answers.last();
  const cite = answer.locator('button[value="cite:1"]').first();
  await cite.click();
  const mark = page.locator('#reader mark').first();
  await mark.waitFor({ timeout: 10000 });
  const quoted = (await mark.innerText()).replace(/^Quoted passage:\s*/, '').trim();
  const answerText = (await answer.innerText()).replace(/\s+/g, ' ');
  if (quoted.length < 20 || !answerText.includes(quoted.replace(/\s+/g, ' ').slice(0, 40))) throw new Error(`the marked quote is not the cited one: ${quoted}`);
  if (await page.evaluate(() => document.activeElement?.id) !== 'reader-title') throw new Error('the source panel did not take focus');
  const desktopShot = path.resolve(OUT, 'webchat-desktop.png');
  await page.screenshot({ path: desktopShot });
  const desktopAxe = await axe(page);
  await page.keyboard.press('Escape');
  if (!(await page.locator('#reader').isHidden())) throw new Error('Escape did not close the source panel');
  if (!(await page.evaluate(() => document.activeElement?.getAttribute('value'))) ) throw new Error('focus did not return to the citation');

  // The timeline.
  await page.locator('#open-timeline').click();
  await page.locator('.timeline li').first().waitFor({ timeout: 10000 });
  const timelineEntries = await page.locator('.timeline li').count();
  if (timelineEntries < 10) throw new Error(`the timeline shows ${timelineEntries} entries`);
  await page.locator('.timeline li button').first().click();
  await page.locator('#reader mark').first().waitFor({ timeout: 10000 });

  // ---- reload keeps the conversation ------------------------------------------------------------------------------
  // Ask, reload: the same Direct Line conversation comes back (token and id from sessionStorage) with the earlier
  // question and cited answer, a citation of the restored answer opens, and a follow-up is answered in context. A stored
  // conversation the bot no longer knows falls back to a new one; "New conversation" forgets the stored one.
  const stored = () => page.evaluate(() => JSON.parse(window.sessionStorage.getItem('casebot.directline') || 'null'));
  async function askAnswered(text, mustContain) {
    const count = await answers.count();
    await input.fill(text);
    await input.press('Enter');
    await waitFor(`the answer to "${text}"`, async () => (await answers.count()) > count);
    const got = (await answers.last().innerText()).replace(/\s+/g, ' ');
    if (!got.includes(mustContain)) throw new Error(`the answer to "${text}" lacks "${mustContain}": ${got.slice(0, 200)}`);
  }
  const reloadQuestion = 'Who accused Trump of rape in a department store?';
  await askAnswered(reloadQuestion, 'department store');
  const beforeReload = { session: await stored(), answers: await answers.count() };
  if (!beforeReload.session?.conversationId || !beforeReload.session?.token) throw new Error('the conversation is not kept in sessionStorage');
  await page.reload({ waitUntil: 'domcontentloaded' });
  await input.waitFor({ timeout: 30000 });
  await waitFor('the earlier answers after the reload', async () => (await answers.count()) >= beforeReload.answers);
  const afterReload = await stored();
  if (afterReload?.conversationId !== beforeReload.session.conversationId) throw new Error('the reload started another conversation');
  if (await page.getByText(reloadQuestion, { exact: true }).count() === 0) throw new Error('the earlier question is not shown after the reload');
  if (await page.getByText('Send failed', { exact: false }).count() > 0) throw new Error('Web Chat shows "Send failed" after the reload');
  const reloadShot = path.resolve(OUT, 'webchat-reload.png');
  await page.screenshot({ path: reloadShot });
  await answers.last().locator('button[value="cite:1"]').first().click();
  await page.locator('#reader mark').first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Escape');
  await askAnswered('How old is she?', '79-year-old');
  if ((await stored())?.conversationId !== beforeReload.session.conversationId) throw new Error('the follow-up went to another conversation');

  // A tab whose stored token the bot refuses (expired, or for another conversation) starts a new conversation cleanly.
  const stale = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await stale.addInitScript((id) => {
    if (!window.sessionStorage.getItem('casebot.directline')) window.sessionStorage.setItem('casebot.directline', JSON.stringify({ token: 'expired', conversationId: id }));
  }, beforeReload.session.conversationId);
  await stale.goto(BOT, { waitUntil: 'domcontentloaded' });
  await stale.getByText('Try one of these', { exact: false }).first().waitFor({ timeout: 30000 });
  const staleSession = await waitFor('a new conversation stored in place of the refused one', async () => {
    const s = await stale.evaluate(() => JSON.parse(window.sessionStorage.getItem('casebot.directline') || 'null'));
    return s && s.token !== 'expired' ? s : null;
  });
  if (staleSession.conversationId === beforeReload.session.conversationId) throw new Error('a refused token kept the old conversation');
  if (await stale.getByText(reloadQuestion, { exact: true }).count() > 0) throw new Error('a refused token still shows the old conversation');
  if (!(await stale.locator('#status').isHidden())) throw new Error(`a refused token shows an error: ${await stale.locator('#status').innerText()}`);
  await stale.close();

  await page.locator('#new-conversation').click();
  const fresh = await waitFor('another conversation stored', async () => { const s = await stored(); return s && s.conversationId !== beforeReload.session.conversationId ? s : null; });
  await page.getByText('Try one of these', { exact: false }).first().waitFor({ timeout: 30000 });
  if (fresh.conversationId === beforeReload.session.conversationId) throw new Error('"New conversation" kept the old conversation');
  // ---- end of reload block -----------------------------------------------------------------------------------------

  // A new conversation starts empty, with the welcome.
  await page.locator('#new-conversation').click();
  await page.getByText('Try one of these', { exact: false }).first().waitFor({ timeout: 30000 });
  if (await page.getByText('How old is she?', { exact: true }).count() > 0) throw new Error('the new conversation still shows the old one');

  // ---- follow-up suggestions and feedback (issue 13) ----------------------------------------------------------------
  // After an answer: two or three suggested questions and the thumbs. A thumb's feedback lands in the bot's feedback
  // file (CASEBOT_FEEDBACK_PATH) with the answer's receipt; a clicked suggestion is asked and answered.
  const suggestionButtons = page.locator('.webchat__suggested-action');
  const feedbackQuestion = 'How much did the jury award Carroll?';
  const answersBeforeFeedback = await answers.count();
  await ask(feedbackQuestion, '$5');
  await waitFor('the answer with its suggestions', async () => (await answers.count()) > answersBeforeFeedback && (await suggestionButtons.count()) >= 2);
  const suggestions = (await suggestionButtons.allInnerTexts()).map((t) => t.trim());
  if (suggestions.length < 2 || suggestions.length > 3) throw new Error(`expected 2 or 3 suggestions, got: ${suggestions.join(' | ')}`);
  if (suggestions.includes(feedbackQuestion)) throw new Error('the question just asked is suggested again');
  const thumbs = answers.last().locator('.webchat__thumb-button');
  await thumbs.first().waitFor({ timeout: 10000 });
  if (await thumbs.count() !== 2) throw new Error(`expected a like and a dislike button, found ${await thumbs.count()}`);
  const feedbackShot = path.resolve(OUT, 'webchat-suggestions-feedback.png');
  await page.screenshot({ path: feedbackShot });
  await answers.last().getByRole('button', { name: 'Like', exact: true }).click();
  await page.locator('#feedback-status').getByText('feedback was recorded').waitFor({ timeout: 10000 });
  const feedbackFile = process.env.CASEBOT_FEEDBACK_PATH;
  if (!feedbackFile) throw new Error('CASEBOT_FEEDBACK_PATH is not set: the bot\'s feedback file is unknown');
  const feedbackLine = await waitFor('the feedback line', () => {
    const lines = existsSync(feedbackFile) ? readFileSync(feedbackFile, 'utf8').trim().split('\n').filter(Boolean) : [];
    return lines.map((l) => JSON.parse(l)).find((r) => r.reaction === 'like' && r.receipt?.question === feedbackQuestion);
  }, 10000);
  if (!feedbackLine.receipt.citations?.length || !feedbackLine.receipt.answer.includes('[1]') || !feedbackLine.receipt.indexContentHash) throw new Error(`the receipt is incomplete: ${JSON.stringify(feedbackLine)}`);
  const answersBeforeSuggestion = await answers.count();
  await suggestionButtons.first().click();
  await page.locator('#webchat').getByText(suggestions[0], { exact: true }).first().waitFor({ timeout: 10000 });
  await waitFor('the suggestion\'s answer', async () => (await answers.count()) > answersBeforeSuggestion);
  const suggestionAnswer = (await answers.last().innerText()).replace(/\s+/g, ' ');
  if ((await answers.last().locator('button[value="cite:1"]').count()) === 0 || suggestionAnswer.includes('Not in the articles')) throw new Error(`the suggestion was not answered with a citation: ${suggestionAnswer.slice(0, 200)}`);
  const nextSuggestions = (await suggestionButtons.allInnerTexts()).map((t) => t.trim());
  if (nextSuggestions.includes(suggestions[0]) || nextSuggestions.includes(feedbackQuestion)) throw new Error(`a question already asked is suggested again: ${nextSuggestions.join(' | ')}`);
  // ---- end of follow-up suggestions and feedback ---------------------------------------------------------------

  // A phone: no horizontal scroll, the article list behind its button, a source over the chat.
  await page.setViewportSize({ width: 390, height: 844 });
  await ask('How much did the jury award Carroll?', '$5');
  const overflow = await page.evaluate(() => [document.documentElement.scrollWidth, document.body.scrollWidth, ...[...document.querySelectorAll('.webchat__suggested-actions, .webchat__bubble')].map((e) => e.getBoundingClientRect().right)].some((w) => w > window.innerWidth + 1));
  if (overflow) throw new Error('the page scrolls sideways at 390 pixels');
  if (await page.locator('#article-list').isVisible()) throw new Error('the article list covers the chat on a phone');
  await page.locator('#toggle-sources').click();
  await page.locator('#article-list button').first().click();
  await page.locator('#reader-body p').first().waitFor({ timeout: 10000 });
  const phoneShot = path.resolve(OUT, 'webchat-phone.png');
  await page.screenshot({ path: phoneShot });
  const phoneAxe = await axe(page);
  await page.locator('#reader-close').click();

  const violations = [...desktopAxe, ...phoneAxe];
  if (violations.length > 0) throw new Error(`axe-core: ${violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`).join(' | ')}`);
  report({ client: 'Web Chat', ok: true, citationLinks, quoted: quoted.slice(0, 60), articles, timelineEntries, axe: 'no serious or critical violations', screenshot: path.resolve(OUT, 'webchat.png'), screenshots: [desktopShot, phoneShot, feedbackShot], suggestions: suggestions.length, feedback: feedbackLine.reaction });
} finally {
  await browser.close();
}

/** Runs axe-core (from node_modules, no CDN) on the page; returns its serious and critical violations. */
async function axe(page) {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
