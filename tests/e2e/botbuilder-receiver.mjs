// The official botbuilder JS ChannelServiceRoutes as a strict receiver of CaseBot's replies.
import express from 'express';
import { ChannelServiceHandler, ChannelServiceRoutes } from 'botbuilder';
import { SimpleCredentialProvider, AuthenticationConfiguration } from 'botframework-connector';
import { BOT, waitFor, checkCitedAnswer, report } from './lib.mjs';

const replies = [];
class Receiver extends ChannelServiceHandler {
  async onReplyToActivity(claims, conversationId, activityId, activity) {
    replies.push({ conversationId, activityId, activity });
    return { id: `reply-${replies.length}` };
  }
  async onSendToConversation(claims, conversationId, activity) {
    replies.push({ conversationId, activityId: null, activity });
    return { id: `send-${replies.length}` };
  }
}

const app = express();
app.use(express.json({ limit: '1mb' }));
const handler = new Receiver(new SimpleCredentialProvider('', ''), new AuthenticationConfiguration());
new ChannelServiceRoutes(handler).register({
  post: (path, h) => app.post(path, (req, res) => h(req, res, () => {})),
  get: (path, h) => app.get(path, (req, res) => h(req, res, () => {})),
  put: (path, h) => app.put(path, (req, res) => h(req, res, () => {})),
  del: (path, h) => app.delete(path, (req, res) => h(req, res, () => {})),
  delete: (path, h) => app.delete(path, (req, res) => h(req, res, () => {})),
});
const server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
const serviceUrl = `http://127.0.0.1:${server.address().port}/`;
const conversationId = 'a:conv|42;messageid=7';

async function send(id, text, mustContain) {
  const res = await fetch(`${BOT}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message', id, channelId: 'msteams', serviceUrl, text,
      from: { id: '29:user' }, recipient: { id: '28:bot', name: 'CaseBot' },
      conversation: { id: conversationId, conversationType: 'personal', tenantId: 't1' },
    }),
  });
  if (res.status !== 200) throw new Error(`bot answered ${res.status}`);
  const reply = await waitFor(`reply to ${id}`, () => replies.find((r) => r.activityId === id && r.activity.type === 'message'));
  if (reply.conversationId !== conversationId) throw new Error(`conversation id arrived as ${reply.conversationId}`);
  return checkCitedAnswer(reply.activity, mustContain);
}

try {
  const first = await send('act|1', 'Which judge presided over the case?', 'Kaplan');
  await send('act|2', 'Who accused Trump of rape in a department store?', 'Carroll');
  const followUp = await send('act|3', 'How old is she?', '79');
  report({ client: 'botbuilder ChannelServiceRoutes', ok: true, first, followUp, typing: replies.filter((r) => r.activity.type === 'typing').length });
} finally {
  server.close();
}
process.exit(0);
