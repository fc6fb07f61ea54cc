// Shared helpers for the end-to-end checks against real Bot Framework clients.
export const BOT = process.env.CASEBOT_URL ?? 'http://localhost:3978';
export const OUT = process.env.CASEBOT_E2E_OUT ?? 'e2e-output';

export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

export async function waitFor(what, probe, timeoutMs = 30000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try { last = await probe(); if (last) return last; } catch (e) { last = e; }
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}` + (last instanceof Error ? `: ${last.message}` : ''));
}

/** Checks a CaseBot answer activity: cited text and the schema.org Message entity with Claims. */
export function checkCitedAnswer(activity, mustContain) {
  const text = activity.text ?? '';
  if (!text.includes(mustContain)) throw new Error(`answer lacks "${mustContain}": ${text}`);
  if (!/\[1\]/.test(text)) throw new Error(`answer has no [1] marker: ${text}`);
  // The Playground hands its UI the entity it accepted as `aiEntity`; other clients keep the raw `entities`.
  const entity = activity.aiEntity ?? (activity.entities ?? []).find((e) => e.type === 'https://schema.org/Message');
  if (!entity || !Array.isArray(entity.citation) || entity.citation.length === 0) throw new Error('no citation entity');
  for (const c of entity.citation) {
    if (!c.appearance?.name || !c.appearance?.abstract) throw new Error('citation without name/abstract');
  }
  return { text, citations: entity.citation.length };
}

export function report(result) { process.stdout.write(JSON.stringify(result) + '\n'); }

/** The system Chromium, headless and offline: every host but this machine resolves to nothing. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1'],
  });
}
