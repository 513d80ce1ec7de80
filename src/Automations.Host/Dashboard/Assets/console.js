// The console's script, three small parts; every page works without it.
// - The question panel's questions become tabs (without it they show one under the other).
// - "Show earlier" fetches the page of the transcript before the first one shown
//   (GET /console/sessions/{id}/transcript?before=N, rendered by the server) and puts it above.
// - On a session's latest page, the transcript follows the session's stream (GET
//   /api/sessions/{id}/stream, which the sign-in cookie opens), or, where the page says
//   data-transport="poll" (Functions: no WebSocket there), asks for its new events every few seconds
//   (GET /console/sessions/{id}/events); it folds each new event as the server does
//   (Dashboard/Transcript.cs). A status change reloads the page, so its panels and buttons follow,
//   unless the person is typing.
(() => {
  'use strict';
  const tabs = document.querySelector('[data-tabs]');
  if (tabs) {
    const show = (index) => {
      tabs.querySelectorAll('[data-tab]').forEach((t) => t.setAttribute('aria-selected', String(t.dataset.tab === index)));
      document.querySelectorAll('[data-tab-panel]').forEach((p) => { p.hidden = p.dataset.tabPanel !== index; });
    };
    tabs.addEventListener('click', (event) => {
      const tab = event.target.closest('[data-tab]');
      if (!tab) return;
      event.preventDefault();
      show(tab.dataset.tab);
    });
    show('0');
  }
})();

(() => {
  'use strict';
  const link = document.querySelector('[data-transcript] [data-earlier]');
  if (!link) return;
  const transcript = link.closest('[data-transcript]');
  const items = transcript.querySelector('[data-items]');
  link.addEventListener('click', async (event) => {
    event.preventDefault();
    if (link.dataset.loading) return;
    link.dataset.loading = 'true';
    try {
      const response = await fetch(`/console/sessions/${encodeURIComponent(transcript.dataset.session)}/transcript?before=${link.dataset.earlier}`, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const page = new DOMParser().parseFromString(await response.text(), 'text/html').querySelector('[data-page]');
      items.prepend(...page.children);
      transcript.querySelector('[data-first-seq]').textContent = page.dataset.firstSeq;
      if (page.dataset.earlier) {
        link.dataset.earlier = page.dataset.earlier;
        link.href = `${location.pathname}?before=${page.dataset.earlier}`;
      } else {
        link.remove();
      }
    } catch {
      location.href = link.href;
    } finally {
      delete link.dataset.loading;
    }
  });
})();

(() => {
  'use strict';
  const transcript = document.querySelector('[data-transcript][data-live="true"]');
  if (!transcript) {
    return;
  }

  const id = transcript.dataset.session;
  const items = transcript.querySelector('[data-items]');
  const state = transcript.querySelector('[data-live-state]');
  let last = Number(transcript.dataset.lastSeq) || 0;
  let reloading = false;

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const item = (kind, seq, tag, text) => {
    const node = element('div', `item ${kind}`);
    node.dataset.seq = String(seq);
    if (tag) node.append(element('span', 'tag', tag), ' ');
    node.append(element('pre', '', text || ''));
    return node;
  };

  const tool = (e, d) => {
    const node = element('details', 'item tool');
    node.dataset.seq = String(e.seq);
    node.dataset.toolId = d.id || '';
    const summary = element('summary');
    summary.append(element('span', 'tag', 'tool'), ` ${d.name || ''} `, element('span', 'tool-state', 'running'));
    const input = element('pre', '', typeof d.input === 'string' ? d.input : JSON.stringify(d.input ?? '', null, 2));
    input.dataset.input = '';
    const output = element('pre');
    output.dataset.output = '';
    node.append(summary, element('h4', '', 'Input'), input, element('h4', '', 'Output'), output);
    return node;
  };

  const typing = () => [...document.querySelectorAll('textarea')].some((t) => t.value.trim() !== '');

  const statusChanged = () => {
    if (reloading) return;
    if (typing()) {
      state.textContent = 'The status changed: reload the page to see its new buttons.';
      return;
    }
    reloading = true;
    setTimeout(() => location.reload(), 300);
  };

  const apply = (e) => {
    if (typeof e.seq !== 'number' || e.seq <= last) return;
    last = e.seq;
    const d = e.data || {};
    const tail = items.lastElementChild;
    switch (e.type) {
      case 'token': {
        const kind = d.stream === 'assistant' ? 'text' : d.stream === 'thinking' ? 'thinking' : 'log';
        if (tail && tail.classList.contains(kind) && tail.dataset.stream === (d.stream || '')) {
          tail.querySelector('pre').textContent += (kind === 'log' ? '\n' : '') + (d.text || '');
        } else {
          const node = item(kind, e.seq, kind === 'log' ? `log ${d.stream || ''}` : kind === 'thinking' ? 'thinking' : '', d.text);
          node.dataset.stream = d.stream || '';
          items.append(node);
        }
        break;
      }
      case 'tool_start':
        items.append(tool(e, d));
        break;
      case 'tool_end': {
        const open = [...items.querySelectorAll('details.tool')].reverse().find((n) => n.dataset.toolId === (d.id || ''));
        const node = open || items.appendChild(tool(e, d));
        node.querySelector('[data-output]').textContent = typeof d.output === 'string' ? d.output : JSON.stringify(d.output ?? '', null, 2);
        node.querySelector('.tool-state').textContent = d.isError ? 'failed' : 'done';
        if (d.isError) node.classList.add('failed');
        break;
      }
      case 'prompt':
        items.append(item('prompt', e.seq, 'prompt', d.text));
        break;
      case 'message':
        items.append(item('message', e.seq, `message from ${d.from || ''}`, d.text));
        break;
      case 'question':
        items.append(item('question', e.seq, 'question', d.text));
        break;
      case 'status':
        items.append(item('status', e.seq, 'status', `${d.status || ''} ${d.reason || ''}`));
        statusChanged();
        break;
      default:
        items.append(item('note', e.seq, e.type, ''));
    }
  };

  const connect = () => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/api/sessions/${encodeURIComponent(id)}/stream?after=${last}`);
    socket.onopen = () => { state.textContent = 'Live: new events appear here.'; transcript.dataset.connected = 'true'; };
    socket.onmessage = (message) => {
      const nearBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 80;
      apply(JSON.parse(message.data));
      if (nearBottom) window.scrollTo(0, document.body.scrollHeight);
    };
    socket.onclose = () => {
      transcript.dataset.connected = 'false';
      if (!reloading) {
        state.textContent = 'Disconnected: reconnecting…';
        setTimeout(connect, 2000);
      }
    };
  };

  const poll = async () => {
    try {
      const response = await fetch(`/console/sessions/${encodeURIComponent(id)}/events?after=${last}`, { headers: { Accept: 'application/json' }, redirect: 'error' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const events = await response.json();
      transcript.dataset.connected = 'true';
      state.textContent = 'Live: new events appear here.';
      const nearBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 80;
      events.forEach(apply);
      if (nearBottom && events.length > 0) window.scrollTo(0, document.body.scrollHeight);
    } catch {
      transcript.dataset.connected = 'false';
      state.textContent = 'Disconnected: trying again…';
    }
    if (!reloading) setTimeout(poll, Number(transcript.dataset.interval) || 2000);
  };

  if (transcript.dataset.transport === 'poll') {
    poll();
  } else {
    connect();
  }
})();
