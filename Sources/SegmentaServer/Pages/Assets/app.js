// Segmenta dashboard: the little behaviour the server-rendered pages need. No framework, no inline
// code (the content security policy allows only this file); elements opt in with data- attributes.
'use strict';

(function () {
  const token = () => {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  };

  const number = (value) => (typeof value === 'number' ? value.toLocaleString('en-US') : String(value ?? '–'));

  // Calls the JSON API with the session's CSRF token; throws an Error carrying the API's message.
  async function api(method, url, body, options) {
    const headers = { 'X-CSRF-Token': token(), Accept: 'application/json' };
    let payload;
    if (body instanceof Blob) {
      headers['Content-Type'] = body.type || 'text/csv';
      payload = body;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(url, {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
      signal: options && options.signal,
    });
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (error) {
      data = null;
    }
    if (!response.ok) {
      const failure = new Error((data && data.error && data.error.message) || response.statusText);
      failure.status = response.status;
      throw failure;
    }
    return data;
  }

  // Builds an element; children are nodes or text (text is never parsed as markup).
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === true) node.setAttribute(name, '');
      else if (value !== false && value != null) node.setAttribute(name, String(value));
    }
    for (const child of children.flat()) {
      if (child == null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // ---- Jobs: start from a form, follow the progress live ------------------------------------------

  // A form's fields as the JSON the job routes take (empty fields left out).
  function formJSON(form) {
    const data = {};
    for (const input of form.elements) {
      if (!input.name || input.disabled || input.name === '_csrf') continue;
      if (input.tagName === 'BUTTON' || input.tagName === 'FIELDSET' || input.type === 'file') continue;
      if (input.type === 'checkbox') {
        if (input.hasAttribute('data-list')) {
          data[input.name] = data[input.name] || [];
          if (input.checked) data[input.name].push(input.value);
        } else {
          data[input.name] = input.checked;
        }
        continue;
      }
      const value = input.value.trim();
      if (value === '') continue;
      data[input.name] = input.type === 'number' ? Number(value) : value;
    }
    return data;
  }

  // Follows job `id` through its server-sent events, showing progress in `box`.
  function follow(id, box, onEnd) {
    box.hidden = false;
    box.dataset.state = 'queued';
    const bar = box.querySelector('progress');
    const text = box.querySelector('.job-text');
    text.textContent = `Job ${id} is queued…`;
    const source = new EventSource(`/api/v1/jobs/${id}/events`);
    source.addEventListener('progress', (event) => {
      const progress = JSON.parse(event.data);
      box.dataset.state = 'running';
      if (progress.total) {
        bar.max = progress.total;
        bar.value = progress.done || 0;
      } else {
        bar.removeAttribute('value');
      }
      const share = progress.total ? ` (${Math.round((100 * (progress.done || 0)) / progress.total)} %)` : '';
      text.textContent = `Job ${id}: ${progress.step}${progress.detail ? ' ' + progress.detail : ''}${share}`;
    });
    source.addEventListener('end', (event) => {
      source.close();
      const job = JSON.parse(event.data);
      box.dataset.state = job.status;
      if (job.status === 'succeeded') {
        bar.max = 1;
        bar.value = 1;
        text.textContent = `Job ${id} succeeded.`;
      } else {
        // The description locates a data or spec error: file, line and column.
        text.textContent = `Job ${id} ${job.status}: ${(job.error && (job.error.description || job.error.message)) || ''}`;
      }
      if (onEnd) onEnd(job);
    });
    return source;
  }

  function setUpJobForm(form) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const box = form.querySelector('.job-status');
      const text = box.querySelector('.job-text');
      const button = form.querySelector('button[type="submit"]');
      const data = formJSON(form);
      const old = form.querySelector('.job-after');
      if (old) old.remove();
      box.hidden = false;
      box.dataset.state = 'starting';
      text.textContent = 'Starting…';
      button.disabled = true;
      try {
        const job = await api('POST', form.dataset.jobUrl || `/api/v1/jobs/${form.dataset.job}`, data);
        follow(job.id, box, (ended) => {
          button.disabled = false;
          if (ended.status === 'succeeded' && form.dataset.after) {
            const href = form.dataset.after.replace(/\{(\w+)\}/g, (_, key) => encodeURIComponent(data[key] || ''));
            box.after(el('p', { class: 'job-after' }, el('a', { href }, 'Show the result →')));
          }
        });
      } catch (error) {
        button.disabled = false;
        box.dataset.state = 'failed';
        text.textContent = error.message;
      }
    });
  }

  // Rows of unfinished jobs follow their events; cancel buttons cancel.
  function setUpJobRow(row) {
    const id = row.dataset.liveJob;
    const badge = row.querySelector('.badge');
    const cell = row.querySelector('.progress-cell');
    const source = new EventSource(`/api/v1/jobs/${id}/events`);
    source.addEventListener('progress', (event) => {
      const progress = JSON.parse(event.data);
      badge.className = 'badge running';
      badge.textContent = 'running';
      const bar = progress.total ? el('progress', { max: progress.total, value: progress.done || 0 }) : null;
      cell.replaceChildren(...[bar, ` ${progress.step} ${progress.detail || ''}`].filter(Boolean));
    });
    source.addEventListener('end', (event) => {
      source.close();
      const job = JSON.parse(event.data);
      badge.className = `badge ${job.status}`;
      badge.textContent = job.status;
      cell.textContent = job.error ? job.error.message : 'done';
      const button = row.querySelector('[data-cancel-job]');
      if (button) button.remove();
      delete row.dataset.liveJob;
    });
  }

  function setUpCancel(button) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await api('POST', `/api/v1/jobs/${button.dataset.cancelJob}/cancel`);
        button.textContent = 'Cancelling…';
      } catch (error) {
        button.disabled = false;
        button.textContent = error.message;
      }
    });
  }

  // ---- Uploads ------------------------------------------------------------------------------------

  function previewTable(preview) {
    const typeRow = preview.columns.map((column) =>
      el(
        'th',
        { class: column.personal ? 'personal' : null },
        column.id ? 'id' : column.type,
        column.personal ? ' · personal' : '',
        column.source === 'workspace' ? ' · known' : ''
      )
    );
    return el(
      'div',
      { class: 'scroll' },
      el(
        'table',
        { id: 'preview-table' },
        el('thead', {}, el('tr', {}, preview.header.map((name) => el('th', {}, name))), el('tr', { class: 'types' }, typeRow)),
        el('tbody', {}, preview.rows.map((row) => el('tr', {}, row.map((value) => el('td', {}, value)))))
      )
    );
  }

  function setUpUpload(form) {
    const status = form.querySelector('.upload-status');
    const say = (text, state) => {
      if (!status) return;
      status.textContent = text;
      status.dataset.state = state || '';
    };
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const input = form.querySelector('input[type="file"]');
      const files = Array.from(input.files || []);
      if (files.length === 0) return;
      const kind = form.dataset.upload;
      try {
        if (kind === 'responses') {
          say(`Importing ${files[0].name}…`);
          const name = form.dataset.campaign;
          const result = await api('POST', `/api/v1/campaigns/${encodeURIComponent(name)}/responses`, files[0]);
          say(`Imported ${number(result.stored)} responses.`, 'done');
          window.location.assign(`/campaigns/${encodeURIComponent(name)}?done=responses#evaluation`);
          return;
        }
        const uploads = [];
        for (const file of files) {
          say(`Uploading ${file.name}…`);
          uploads.push(await api('POST', `/api/v1/uploads?name=${encodeURIComponent(file.name)}`, file));
        }
        if (kind === 'customers') {
          const idColumn = (form.elements.id_column && form.elements.id_column.value.trim()) || 'customer_id';
          say('Reading the preview…');
          const preview = await api(
            'GET',
            `/api/v1/uploads/${uploads[0].id}/preview?id_column=${encodeURIComponent(idColumn)}`
          );
          const box = document.querySelector(form.dataset.preview);
          box.replaceChildren(
            el('p', {}, `${uploads[0].name}: ${preview.columns.length} columns; types inferred from ${number(preview.rowsSampled ?? preview.rows_sampled)} rows. Personal values are masked.`),
            previewTable(preview)
          );
          box.hidden = false;
          const importForm = document.querySelector(form.dataset.import);
          importForm.elements.upload.value = uploads[0].id;
          importForm.elements.id_column.value = idColumn;
          importForm.hidden = false;
          say(`Uploaded ${uploads[0].name}. Check the types, then import.`, 'done');
        } else if (kind === 'transactions' || kind === 'features') {
          const jobForm = document.querySelector(form.dataset.import);
          jobForm.elements.upload.value = uploads[0].id;
          jobForm.hidden = false;
          say(`Uploaded ${uploads[0].name}. ${form.dataset.next || 'Check the columns, then build.'}`, 'done');
        } else if (kind === 'events') {
          const list = document.querySelector(form.dataset.list);
          for (const upload of uploads) {
            list.append(
              el(
                'label',
                { class: 'check' },
                el('input', { type: 'checkbox', name: 'events', value: upload.id, 'data-list': true, checked: true }),
                ` ${upload.name} `,
                el('small', {}, 'just uploaded')
              )
            );
          }
          say(`Uploaded ${uploads.length} file(s); they are ticked in the build form.`, 'done');
        }
      } catch (error) {
        say(error.message, 'error');
      }
    });
  }

  // ---- Rule editor: the match count as you type ---------------------------------------------------

  // East Asian wide characters take two columns in a monospaced font.
  const wide = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

  // The rule's line holding `position` (Unicode scalars from the start) with a caret under it.
  function caret(rule, problem) {
    const characters = Array.from(rule);
    const position = Math.max(0, Math.min(problem.position || 0, characters.length));
    let start = position;
    while (start > 0 && characters[start - 1] !== '\n') start -= 1;
    let end = position;
    while (end < characters.length && characters[end] !== '\n') end += 1;
    const line = characters.slice(start, end).join('');
    const pad = characters
      .slice(start, position)
      .map((c) => (wide.test(c) ? '  ' : ' '))
      .join('');
    return `${problem.message}\n${line}\n${pad}^`;
  }

  function setUpRuleCheck(element) {
    const textarea = element.tagName === 'TEXTAREA' ? element : element.querySelector('textarea');
    const form = textarea.form;
    const period = element.tagName === 'FORM' ? element.querySelector('select[name="period"]') : null;
    const result = document.querySelector(element.dataset.ruleCheck);
    const count = result.querySelector('.count');
    const error = result.querySelector('.rule-error');
    let timer = null;
    let controller = null;
    async function check() {
      const rule = textarea.value;
      if (controller) controller.abort();
      if (!rule.trim()) {
        result.dataset.state = '';
        count.textContent = 'Type a rule.';
        error.hidden = true;
        return;
      }
      controller = new AbortController();
      const body = { rule, count: true };
      if (period && period.value) body.period = period.value;
      result.dataset.state = 'checking';
      try {
        const answer = await api('POST', '/api/v1/rules/check', body, { signal: controller.signal });
        if (answer.valid) {
          result.dataset.state = 'valid';
          const unknown = answer.unknown ? ` (${number(answer.unknown)} unknown: a value is missing)` : '';
          count.textContent = `${number(answer.matches)} of ${number(answer.customers)} customers match${unknown}.`;
          error.hidden = true;
        } else {
          result.dataset.state = 'invalid';
          count.textContent = 'The rule does not check:';
          error.textContent = caret(rule, answer.error || { position: 0, message: 'invalid rule' });
          error.hidden = false;
        }
      } catch (failure) {
        if (failure.name === 'AbortError') return;
        result.dataset.state = 'invalid';
        count.textContent = failure.message;
        error.hidden = true;
      }
    }
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(check, 200);
    };
    textarea.addEventListener('input', later);
    if (period) period.addEventListener('change', later);
    if (form === element) form.addEventListener('submit', (event) => event.preventDefault());
    if (textarea.value.trim()) check();
  }

  // A hidden field that takes another field's value when its form is sent (the rule editor's rule for
  // the members download).
  function setUpCopy(input) {
    input.form.addEventListener('submit', () => {
      const source = document.querySelector(input.dataset.copyFrom);
      if (source) input.value = source.value;
    });
  }

  // ---- Customers ----------------------------------------------------------------------------------

  function setUpCustomerSearch(input) {
    const list = document.querySelector(input.dataset.customerSearch);
    let timer = null;
    let controller = null;
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const prefix = input.value.trim();
        if (controller) controller.abort();
        if (!prefix) return list.replaceChildren();
        controller = new AbortController();
        try {
          const found = await api('GET', `/api/v1/customers?search=${encodeURIComponent(prefix)}&limit=10`, undefined, {
            signal: controller.signal,
          });
          list.replaceChildren(...found.items.map((id) => el('option', { value: id })));
        } catch (error) {
          if (error.name !== 'AbortError') list.replaceChildren();
        }
      }, 150);
    });
  }

  function setUpReveal(button) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const contacts = await api('POST', `/api/v1/customers/${encodeURIComponent(button.dataset.revealCustomer)}/reveal`);
        for (const contact of contacts) {
          for (const cell of document.querySelectorAll('[data-contact-column]')) {
            if (cell.dataset.contactColumn === contact.column) {
              cell.textContent = contact.value;
              cell.classList.remove('masked');
            }
          }
        }
        button.textContent = 'Revealed (recorded in the audit)';
      } catch (error) {
        button.disabled = false;
        button.textContent = error.message;
      }
    });
  }

  function start() {
    document.querySelectorAll('form[data-job]').forEach(setUpJobForm);
    document.querySelectorAll('form[data-upload]').forEach(setUpUpload);
    document.querySelectorAll('[data-rule-check]').forEach(setUpRuleCheck);
    document.querySelectorAll('input[data-copy-from]').forEach(setUpCopy);
    document.querySelectorAll('tr[data-live-job]').forEach(setUpJobRow);
    document.querySelectorAll('[data-cancel-job]').forEach(setUpCancel);
    document.querySelectorAll('[data-customer-search]').forEach(setUpCustomerSearch);
    document.querySelectorAll('[data-reveal-customer]').forEach(setUpReveal);
    document.documentElement.dataset.ready = 'true';
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
