// The Microsoft 365 Agents Playground (Teams emulator), anonymous and offline: driven through its HTTP API, then its
// web UI in headless Chromium. CaseBot must answer with citations in both; a follow-up is answered in context.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { WebSocket } from 'ws';
import { BOT, OUT, waitFor, checkCitedAnswer, report, sleep, launchChromium } from './lib.mjs';

const require = createRequire(import.meta.url);
const PORT = Number(process.env.PLAYGROUND_PORT ?? 56150);
const PG = `http://localhost:${PORT}`;
const work = path.resolve(OUT, 'playground');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
const playground = spawn(process.execPath, [cli, '--disable-telemetry', '-p', String(PORT), '--conversation-id', 'ci-conv-1'], {
  cwd: work,
  env: { ...process.env, APPLICATION_INSIGHTS_NO_STATSBEAT: '1', TEAMSAPPTESTER_BROWSER: 'none', BOT_ENDPOINT: `${BOT}/api/messages` },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let log = '';
playground.stdout.on('data', (d) => { log += d; });
playground.stderr.on('data', (d) => { log += d; });

const messages = [];
let browser;
try {
  await waitFor('the Playground to start', async () => (await (await fetch(`${PG}/_debug/ping`)).text()).includes('pong'), 60000, 250);
  const config = await (await fetch(`${PG}/_internal/v1/config`)).json();
  const conversationId = config.personalChat?.id ?? 'ci-conv-1';

  const ws = new WebSocket(`ws://localhost:${PORT}/_ws_conversation/v1/conversations/stream`);
  ws.on('message', (data) => {
    try { const m = JSON.parse(data.toString()); if (m.action === 'createMessage' || m.action === 'updateMessage') messages.push(m.message); } catch { /* keepalive */ }
  });
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });

  async function ask(text, mustContain) {
    const before = messages.length;
    const res = await fetch(`${PG}/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: { id: 'user-id-0' }, text, textFormat: 'plain' }),
    });
    if (!res.ok) throw new Error(`Playground refused the message: ${res.status}`);
    const answer = await waitFor(`the answer to "${text}"`, () =>
      messages.slice(before).find((m) => (m.from?.id ?? '') !== 'user-id-0' && (m.text ?? '').includes(mustContain)), 30000);
    if (process.env.E2E_DEBUG) process.stderr.write(JSON.stringify(answer, null, 1).slice(0, 3000) + '\n');
    return checkCitedAnswer(answer, mustContain);
  }

  const api = await ask('How much did the jury award Carroll?', '$5');
  await ask('Who accused Trump of rape in a department store?', 'Carroll');
  const followUp = await ask('How old is she?', '79');
  ws.close();

  // The same Playground, through its web UI.
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(PG, { waitUntil: 'domcontentloaded' });
  const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
  await box.waitFor({ timeout: 30000 });
  await box.click();
  await page.keyboard.type('Which judge presided over the case?');
  await page.getByRole('button', { name: 'Send Message' }).click();
  await page.getByText('Kaplan', { exact: false }).last().waitFor({ timeout: 30000 });
  await sleep(500);
  await page.screenshot({ path: path.resolve(OUT, 'playground-ui.png'), fullPage: true });
  const ui = { sawAnswer: true, screenshot: path.resolve(OUT, 'playground-ui.png') };

  report({ client: 'Agents Playground', ok: true, api, followUp, ui });
} catch (e) {
  process.stderr.write(`${e.stack ?? e}\n--- playground log ---\n${log.slice(-4000)}\n`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  playground.kill();
}
process.exit(process.exitCode ?? 0);
