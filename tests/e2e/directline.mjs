// DirectLineJS (the official Direct Line client) against CaseBot's built-in Direct Line endpoint.
import XMLHttpRequest from 'xhr2';
import { WebSocket } from 'ws';
import { BOT, waitFor, checkCitedAnswer, report } from './lib.mjs';
globalThis.XMLHttpRequest = XMLHttpRequest;
globalThis.WebSocket ??= WebSocket; // only referenced: the client polls (webSocket: false)
const { DirectLine } = await import('botframework-directlinejs');

const { token } = await (await fetch(`${BOT}/v3/directline/tokens/generate`, { method: 'POST' })).json();
const directLine = new DirectLine({ domain: `${BOT}/v3/directline`, token, webSocket: false, pollingInterval: 300 });
const received = [];
const sub = directLine.activity$.subscribe((a) => received.push(a));

async function ask(text, mustContain) {
  const id = await new Promise((resolve, reject) =>
    directLine.postActivity({ type: 'message', from: { id: 'dl-user', name: 'DL user' }, text }).subscribe(resolve, reject));
  const answer = await waitFor(`answer to "${text}"`, () =>
    received.find((a) => a.type === 'message' && a.replyToId === id && a.from?.role !== 'user'));
  if (!received.some((a) => a.id === id)) throw new Error('the user activity was not echoed');
  return checkCitedAnswer(answer, mustContain);
}

try {
  const first = await ask('How much did the jury award Carroll?', '$5');
  const followUp = await ask('Who accused Trump of rape in a department store?', 'Carroll');
  const age = await ask('How old is she?', '79');
  report({ client: 'DirectLineJS', ok: true, first, followUp, age });
} finally {
  sub.unsubscribe();
  directLine.end();
}
process.exit(0);
