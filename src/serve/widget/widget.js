/* communique's chat widget: one script, served by `communique serve` (GET /widget.js).
 *
 * Embed it with one tag:   <script src="https://HOST/widget.js" defer></script>
 * Options (attributes of that tag): data-target="#id" (the element to fill; default: a new one
 * after the tag), data-statement="package-id" (always answer from that statement), data-lang="ms"
 * (the labels' language before the first reply).
 *
 * It talks to the server it was loaded from (POST /v1/ask, GET /v1/labels), keeps the session id
 * and the conversation shown in localStorage (so both survive a reload), and shows every text with
 * textContent: nothing a person or the server sends is ever read as markup. Its labels come from
 * the server's language packs, in the language of the last reply.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script) { return; }
  var base = new URL('.', script.src).href;
  var statement = script.getAttribute('data-statement') || null;
  var storeKey = 'communique:' + base + ':' + (statement || '');
  var MAX_KEPT = 40;

  function load(key, fallback) {
    try {
      var raw = window.localStorage.getItem(storeKey + ':' + key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { window.localStorage.setItem(storeKey + ':' + key, JSON.stringify(value)); } catch (e) { /* private mode: no memory */ }
  }
  function forget(key) {
    try { window.localStorage.removeItem(storeKey + ':' + key); } catch (e) { /* nothing kept */ }
  }

  var session = load('session', null);
  var kept = load('log', []);
  if (!Array.isArray(kept)) { kept = []; }
  var labels = { default: 'en', languages: {} };
  var lang = script.getAttribute('data-lang') || load('lang', null);
  var lastQuestion = null;
  var busy = false;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function label(key) {
    var set = labels.languages[lang] || labels.languages[labels.default] || {};
    return set[key] || '';
  }

  // The style sheet, from the same server.
  if (!document.querySelector('link[data-communique]')) {
    var css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = base + 'widget.css';
    css.setAttribute('data-communique', '');
    document.head.appendChild(css);
  }

  var uid = 'cq' + Math.random().toString(36).slice(2, 8);
  var target = script.getAttribute('data-target');
  var host = target ? document.querySelector(target) : null;
  if (!host) {
    host = el('div');
    script.parentNode.insertBefore(host, script.nextSibling);
  }
  var root = el('section', 'cq');
  root.setAttribute('aria-labelledby', uid + '-title');
  var title = el('h2', 'cq-title');
  title.id = uid + '-title';
  var log = el('div', 'cq-log');
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  log.setAttribute('aria-relevant', 'additions');
  log.setAttribute('tabindex', '0');
  var status = el('p', 'cq-status');
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  var form = el('form', 'cq-form');
  var questionLabel = el('label', 'cq-label');
  questionLabel.htmlFor = uid + '-q';
  var row = el('div', 'cq-row');
  var input = el('input', 'cq-input');
  input.id = uid + '-q';
  input.type = 'text';
  input.name = 'q';
  input.autocomplete = 'off';
  input.maxLength = 1000;
  input.required = true;
  var send = el('button', 'cq-send');
  send.type = 'submit';
  var reset = el('button', 'cq-reset');
  reset.type = 'button';
  row.appendChild(input);
  row.appendChild(send);
  form.appendChild(questionLabel);
  form.appendChild(row);
  root.appendChild(title);
  root.appendChild(log);
  root.appendChild(status);
  root.appendChild(form);
  root.appendChild(reset);
  host.appendChild(root);

  function applyLabels() {
    root.setAttribute('lang', lang || labels.default);
    title.textContent = label('title');
    log.setAttribute('aria-label', label('log'));
    questionLabel.textContent = label('question');
    input.placeholder = label('placeholder');
    send.textContent = label('send');
    reset.textContent = label('reset');
  }

  function setLang(code) {
    if (code && labels.languages[code]) {
      lang = code;
      save('lang', lang);
      applyLabels();
    }
  }

  function showQuestion(text) {
    var item = el('div', 'cq-q');
    item.appendChild(el('span', 'cq-sr', label('you') + ': '));
    item.appendChild(el('p', 'cq-text', text));
    log.appendChild(item);
  }

  function buttons(className, items, onPress) {
    var list = el('ul', className);
    items.forEach(function (entry) {
      var li = el('li');
      var button = el('button', 'cq-chip', entry.text);
      button.type = 'button';
      button.addEventListener('click', function () { onPress(entry); });
      li.appendChild(button);
      list.appendChild(li);
    });
    return list;
  }

  function showReply(reply) {
    var kind = String(reply.kind || 'answer');
    var item = el('div', 'cq-a cq-kind-' + kind.replace(/[^a-z-]/g, ''));
    item.setAttribute('data-kind', kind);
    item.appendChild(el('span', 'cq-sr', label('bot') + ': '));
    if (kind === 'no-answer') {
      item.appendChild(el('p', 'cq-badge', label('no_answer')));
    }
    item.appendChild(el('p', 'cq-text', reply.answer || ''));
    if (reply.citation) {
      // The citation line names itself ("Source: joint statement, paragraph 8: …").
      item.appendChild(el('p', 'cq-cite', reply.citation));
    }
    if (Array.isArray(reply.choices) && reply.choices.length) {
      item.appendChild(el('p', 'cq-heading', label('choose')));
      item.appendChild(buttons('cq-choices', reply.choices.map(function (c) {
        return { text: c.label, fact: c.fact, statement: reply.statement || null };
      }), function (c) { ask(c.text, { choice: c.fact, statement: c.statement }); }));
    }
    if (Array.isArray(reply.statements) && reply.statements.length) {
      var asked = reply.asked || lastQuestion;
      item.appendChild(el('p', 'cq-heading', label('choose')));
      item.appendChild(buttons('cq-choices', reply.statements.map(function (s) {
        return { text: s.name, id: s.id };
      }), function (s) { ask(asked || s.text, { statement: s.id, shown: s.text }); }));
    }
    if (Array.isArray(reply.suggestions) && reply.suggestions.length) {
      item.appendChild(el('p', 'cq-heading', label('suggestions')));
      item.appendChild(buttons('cq-suggestions', reply.suggestions.map(function (s) {
        return { text: s };
      }), function (s) { ask(s.text); }));
    }
    log.appendChild(item);
  }

  function remember(entry) {
    kept.push(entry);
    if (kept.length > MAX_KEPT) { kept = kept.slice(kept.length - MAX_KEPT); }
    save('log', kept);
  }

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  function ask(text, extra) {
    extra = extra || {};
    text = String(text || '').trim();
    if (!text || busy) { return; }
    busy = true;
    send.disabled = true;
    var shown = extra.shown || text;
    showQuestion(shown);
    remember({ q: shown });
    scrollDown();
    status.textContent = label('thinking');
    var body = { q: text };
    if (session) { body.session = session; }
    if (extra.statement || statement) { body.statement = extra.statement || statement; }
    if (extra.choice) { body.choice = extra.choice; }
    if (!extra.choice && !extra.statement) { lastQuestion = text; }
    fetch(base + 'v1/ask', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 429) {
        var wait = response.headers.get('Retry-After') || '1';
        throw new Error(label('busy').replace('{seconds}', wait));
      }
      if (!response.ok) { throw new Error(label('error')); }
      return response.json();
    }).then(function (reply) {
      if (reply.session) { session = reply.session; save('session', session); }
      setLang(reply.lang);
      reply.asked = lastQuestion;
      delete reply.session;
      showReply(reply);
      remember({ a: reply });
      status.textContent = '';
      scrollDown();
    }).catch(function (error) {
      status.textContent = (error && error.message) || label('error');
    }).then(function () {
      busy = false;
      send.disabled = false;
      input.focus();
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = '';
    ask(text);
  });

  reset.addEventListener('click', function () {
    session = null;
    kept = [];
    lastQuestion = null;
    forget('session');
    forget('log');
    while (log.firstChild) { log.removeChild(log.firstChild); }
    status.textContent = '';
    input.focus();
  });

  function replay() {
    kept.forEach(function (entry) {
      if (entry && typeof entry.q === 'string') { showQuestion(entry.q); }
      if (entry && entry.a && typeof entry.a === 'object') {
        lastQuestion = entry.a.asked || lastQuestion;
        showReply(entry.a);
      }
    });
    scrollDown();
  }

  fetch(base + 'v1/labels').then(function (response) {
    return response.ok ? response.json() : labels;
  }).catch(function () { return labels; }).then(function (got) {
    labels = got && got.languages ? got : labels;
    if (!lang || !labels.languages[lang]) {
      var page = (document.documentElement.lang || '').slice(0, 2).toLowerCase();
      lang = labels.languages[page] ? page : labels.default;
    }
    applyLabels();
    replay();
    root.setAttribute('data-ready', 'true');
  });
}());
