// The CaseBot page: the official Web Chat bundle on CaseBot's own Direct Line, with the case profile in the header, the
// corpus's articles and timeline beside the chat, and a panel that opens a cited article at the quote.
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const status = $('status');
  const reader = $('reader');
  const sources = $('sources');
  const toggleSources = $('toggle-sources');
  let opener = null;          // the control that opened the source panel, focused again when it closes
  let directLine = null;
  const citationsByActivity = new Map();

  function fail(message) { status.hidden = false; status.textContent = message; }

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([k, v]) => {
      if (v === null || v === undefined) return;
      if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    });
    children.flat().forEach((c) => { if (c !== null && c !== undefined) node.append(c); });
    return node;
  }

  function displayDate(iso) {
    if (!iso) return 'undated';
    const parts = iso.split('-').map(Number);
    const options = { year: 'numeric', timeZone: 'UTC' };
    if (parts.length > 1) options.month = 'long';
    if (parts.length > 2) options.day = 'numeric';
    return new Date(Date.UTC(parts[0], (parts[1] || 1) - 1, parts[2] || 1)).toLocaleDateString('en-GB', options);
  }

  function meta(outlet, date) { return [outlet, displayDate(date)].filter(Boolean).join(' · '); }

  async function getJson(url) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(url + ': ' + res.status);
    return res.json();
  }

  // ---- the case profile and the article list -------------------------------------------------------------------

  async function loadCase() {
    try {
      const profile = await getJson('/api/case');
      $('case-name').textContent = 'CaseBot: ' + profile.name;
      $('case-description').textContent = profile.description;
      document.title = 'CaseBot: ' + profile.name;
    } catch (e) { /* the static header stays */ }
  }

  async function loadArticles() {
    const list = $('article-list');
    try {
      const articles = await getJson('/api/articles');
      list.replaceChildren(...articles.map((a) => el('li', null,
        el('button', { type: 'button', 'data-file': a.file, onclick: (e) => openArticle(a.file, null, e.currentTarget) },
          el('span', { class: 'article-title' }, a.title),
          el('span', { class: 'article-meta' }, meta(a.outlet, a.date))))));
    } catch (e) {
      list.replaceChildren(el('li', null, 'The article list could not be loaded.'));
    }
  }

  function setSourcesOpen(open) {
    sources.classList.toggle('open', open);
    toggleSources.setAttribute('aria-expanded', String(open));
  }

  toggleSources.addEventListener('click', () => {
    const open = !sources.classList.contains('open');
    setSourcesOpen(open);
    if (open) $('open-timeline').focus();
  });

  // ---- the source panel ------------------------------------------------------------------------------------------

  function showPanel(title, metaText, body, from) {
    opener = from || document.activeElement;
    $('reader-title').textContent = title;
    $('reader-meta').replaceChildren(...(Array.isArray(metaText) ? metaText : [metaText || '']));
    $('reader-body').replaceChildren(...body);
    reader.hidden = false;
    setSourcesOpen(false);
    $('reader-title').focus();
  }

  function closePanel() {
    reader.hidden = true;
    document.querySelectorAll('.sources__list button[aria-current]').forEach((b) => b.removeAttribute('aria-current'));
    if (opener && document.contains(opener) && opener.offsetParent !== null) opener.focus();
    opener = null;
  }

  $('reader-close').addEventListener('click', closePanel);
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    if (!reader.hidden) closePanel();
    else if (sources.classList.contains('open')) { setSourcesOpen(false); toggleSources.focus(); }
  });

  // A paragraph's text with the quote [start, end) marked and the answer span inside it in bold (article offsets).
  function paragraph(p, quote, answerSpan) {
    const node = el('p', { class: 'kind-' + p.kind });
    if (!quote || quote.end <= p.start || quote.start >= p.end) { node.textContent = p.text; return node; }
    const cuts = new Set([p.start, p.end, Math.max(p.start, quote.start), Math.min(p.end, quote.end)]);
    if (answerSpan) [answerSpan.start, answerSpan.end].filter((x) => x > p.start && x < p.end).forEach((x) => cuts.add(x));
    const points = [...cuts].sort((a, b) => a - b);
    let mark = null;
    for (let i = 0; i + 1 < points.length; i++) {
      const [s, e] = [points[i], points[i + 1]];
      if (s === e) continue;
      const text = p.text.slice(s - p.start, e - p.start);
      if (s >= quote.start && e <= quote.end) {
        if (!mark) {
          mark = el('mark', null, el('span', { class: 'sr-only' }, 'Quoted passage: '));
          node.append(mark);
        }
        const bold = answerSpan && s >= answerSpan.start && e <= answerSpan.end;
        mark.append(bold ? el('strong', null, text) : text);
      } else {
        node.append(text);
      }
    }
    return node;
  }

  async function openArticle(file, quote, from) {
    let article;
    try {
      article = await getJson('/api/articles/' + encodeURIComponent(file));
    } catch (e) {
      showPanel('Article not found', '', [el('p', null, 'The article ' + file + ' could not be loaded.')], from);
      return;
    }
    const metaParts = [meta(article.outlet, article.date)];
    if (article.url) metaParts.push(' · ', el('a', { href: article.url, target: '_blank', rel: 'noopener noreferrer' }, 'Original article'));
    const body = article.paragraphs.map((p) => paragraph(p, quote, quote && quote.answerSpan));
    if (quote) {
      body.unshift(el('p', { class: 'sr-only' }, (quote.label ? 'Source ' + quote.label + '. ' : '') + 'The quoted passage is marked.'));
    }
    showPanel(article.title, metaParts, body, from);
    document.querySelectorAll('.sources__list button').forEach((b) => {
      if (b.dataset.file === file) b.setAttribute('aria-current', 'true'); else b.removeAttribute('aria-current');
    });
    const marked = $('reader-body').querySelector('mark');
    // Scrolls the panel only (scrollIntoView would scroll the page under the header too).
    if (marked) reader.scrollTop = Math.max(0, marked.offsetTop - reader.offsetTop - reader.clientHeight / 3);
  }

  async function openTimeline(from) {
    let entries;
    try {
      entries = await getJson('/api/timeline');
    } catch (e) {
      showPanel('Timeline', '', [el('p', null, 'The timeline could not be loaded.')], from);
      return;
    }
    const list = el('ol', { class: 'timeline' }, entries.map((entry) => el('li', null,
      el('div', { class: 'timeline__date' }, displayDate(entry.date) + (entry.yearInferred ? ' (year inferred)' : '')),
      el('p', { class: 'timeline__text' }, entry.text),
      entry.citations.map((c) => el('div', null,
        el('button', { type: 'button', onclick: (e) => openArticle(c.source, { start: c.start, end: c.end }, e.currentTarget) },
          'Source: ' + c.title + ' (' + displayDate(c.articleDate) + ')'))))));
    showPanel('Timeline', entries.length + ' dated events reported in the articles, in order', [list], from);
  }

  $('open-timeline').addEventListener('click', (e) => openTimeline(e.currentTarget));

  // ---- feedback -----------------------------------------------------------------------------------------------------

  // Web Chat shows the thumbs itself (the answer's LikeAction/DislikeAction) and posts the feedback as an event; the bot
  // answers with a casebot/feedback event, said here in a polite live region: recorded, or why not.
  const feedbackStatus = el('div', { id: 'feedback-status', class: 'feedback-status', role: 'status', 'aria-live': 'polite' });
  status.after(feedbackStatus);
  let feedbackTimer = null;

  function watchFeedback(line) {
    line.activity$.subscribe((activity) => {
      if (!activity || activity.type !== 'event' || activity.name !== 'casebot/feedback') return;
      const value = activity.value || {};
      feedbackStatus.textContent = value.recorded ? 'Thanks, your feedback was recorded.' : 'Your feedback was not recorded: ' + (value.error || 'unknown error');
      feedbackStatus.classList.toggle('feedback-status--error', !value.recorded);
      clearTimeout(feedbackTimer);
      feedbackTimer = setTimeout(() => { feedbackStatus.textContent = ''; }, 8000);
    });
  }

  // ---- Web Chat ---------------------------------------------------------------------------------------------------

  // Each answer is wrapped in an element naming its activity, so a click on one of its citations finds the citation's
  // article and offsets (channelData.caseBot.citations). The wrapper is a plain element of Web Chat's own React.
  const activityMiddleware = () => (next) => (...setup) => {
    const render = next(...setup);
    const activity = setup[0] && setup[0].activity;
    const data = activity && activity.channelData && activity.channelData.caseBot;
    if (!render || !data || !Array.isArray(data.citations) || !activity.id) return render;
    citationsByActivity.set(activity.id, { citations: data.citations, answerSpan: data.answerSpan });
    return (...args) => {
      const inner = render(...args);
      if (!inner || !inner.$$typeof) return inner;
      return { $$typeof: inner.$$typeof, type: 'div', key: null, ref: null, props: { 'data-casebot-activity': activity.id, children: inner }, _owner: null };
    };
  };

  function citationOf(button) {
    const holder = button.closest('[data-casebot-activity]');
    if (!holder) return null;
    let marker = null;
    if ((button.value || '').startsWith('cite:')) marker = Number(button.value.slice(5));
    else if (button.classList.contains('webchat__link-definitions__list-item-box')) {
      const badge = button.querySelector('.webchat__link-definitions__badge');
      marker = badge ? Number(badge.textContent) : null;
    }
    const entry = citationsByActivity.get(holder.getAttribute('data-casebot-activity'));
    const citation = entry && entry.citations.find((c) => c.marker === marker);
    if (!citation) return null;
    const answerSpan = entry.answerSpan && entry.answerSpan.marker === marker ? entry.answerSpan : null;
    return { citation, answerSpan };
  }

  function onCitationClick(e) {
    const button = e.target.closest && e.target.closest('button');
    const found = button && citationOf(button);
    if (!found) return;
    e.preventDefault();
    e.stopPropagation();
    const c = found.citation;
    openArticle(c.source, { start: c.start, end: c.end, answerSpan: found.answerSpan, label: '[' + c.marker + ']' }, button);
  }

  const styleOptions = {
    hideUploadButton: true,
    bubbleMaxWidth: 880,
    bubbleFromUserMaxWidth: 640,
    bubbleMinWidth: 120,
    suggestedActionLayout: 'flow',
    accent: '#243a5e',
    sendBoxButtonColor: '#243a5e',
    primaryFont: 'system-ui, sans-serif',
    rootHeight: '100%',
  };

  // ---- the conversation kept across reloads ----------------------------------------------------------------------
  // The Direct Line token and conversation id live in sessionStorage (this tab only). On load the page asks the bot
  // whether it still knows the conversation (GET /conversations/{id}, Direct Line's reconnect); if so Web Chat picks it
  // up and reads its history from the start by watermark, otherwise (expired, unknown, token refused) a new one starts.

  const SESSION_KEY = 'casebot.directline';
  const DIRECT_LINE = window.location.origin + '/v3/directline';

  function storedSession() {
    try {
      const saved = JSON.parse(window.sessionStorage.getItem(SESSION_KEY) || 'null');
      return saved && typeof saved.token === 'string' && typeof saved.conversationId === 'string' ? saved : null;
    } catch (e) { return null; }
  }

  function storeSession(line) {
    if (!line || !line.token || !line.conversationId) return;
    try { window.sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token: line.token, conversationId: line.conversationId })); } catch (e) { /* storage off: no reload survival */ }
  }

  function clearSession() {
    try { window.sessionStorage.removeItem(SESSION_KEY); } catch (e) { /* storage off */ }
  }

  // What createDirectLine needs: the stored conversation if the bot still has it, else a token for a new one.
  async function directLineSession(resume) {
    const saved = resume ? storedSession() : null;
    if (saved) {
      try {
        const res = await fetch(DIRECT_LINE + '/conversations/' + encodeURIComponent(saved.conversationId) + '?watermark=',
          { headers: { Authorization: 'Bearer ' + saved.token } });
        if (res.ok) {
          const conversation = await res.json();
          return { token: conversation.token, conversationId: conversation.conversationId };
        }
      } catch (e) { /* the bot is unreachable: try a new conversation, which reports the failure */ }
      clearSession();
    }
    const res = await fetch(DIRECT_LINE + '/tokens/generate', { method: 'POST' });
    if (!res.ok) throw new Error('token request failed: ' + res.status);
    const { token } = await res.json();
    return { token };
  }

  // Stores the session once connected, and again each minute and when the page goes (DirectLineJS refreshes its token
  // as it runs); a conversation the bot has ended (expired while the page was open) is forgotten.
  function keepSession(line) {
    line.connectionStatus$.subscribe((connection) => {
      if (line !== directLine) return;
      if (connection === 2) storeSession(line);
      else if (connection === 5) clearSession();
    });
  }

  function storeIfConnected() {
    if (directLine && directLine.connectionStatus$.getValue() === 2) storeSession(directLine);
  }

  window.addEventListener('pagehide', storeIfConnected);
  window.setInterval(storeIfConnected, 60000);

  async function startConversation(resume) {
    if (directLine) { try { directLine.end(); } catch (e) { /* already ended */ } }
    citationsByActivity.clear();
    const old = $('webchat');
    const host = el('div', { id: 'webchat', class: 'chat__webchat' });
    host.addEventListener('click', onCitationClick, true);
    old.replaceWith(host);
    status.hidden = true;
    const session = await directLineSession(resume);
    directLine = window.WebChat.createDirectLine({
      domain: DIRECT_LINE, token: session.token, conversationId: session.conversationId, webSocket: false, pollingInterval: 500,
    });
    keepSession(directLine);
    watchFeedback(directLine);
    window.WebChat.renderWebChat({
      directLine, userID: 'web-user', username: 'You', locale: 'en-US', styleOptions, activityMiddleware,
    }, host);
  }

  $('new-conversation').addEventListener('click', async () => {
    closePanel();
    clearSession();
    try { await startConversation(false); } catch (e) { fail('Could not connect to CaseBot: ' + e.message); }
    const input = document.querySelector('[data-id="webchat-sendbox-input"]');
    if (input) input.focus();
  });

  loadCase();
  loadArticles();
  if (!window.WebChat) {
    fail('The Web Chat bundle is not installed: run "npm ci" in the repository root and restart the bot.');
    return;
  }
  startConversation(true).catch((e) => fail('Could not connect to CaseBot: ' + e.message));
}());
