#!/usr/bin/env node
/**
 * A stand-in for the `openai` 0.28 command line (`openai api …`), for the commands of the original
 * fine-tuning guide. The real client cannot be installed here (no PyPI; Debian has no
 * python3-openai), so this sends exactly the HTTP requests its `openai/cli.py` sends and prints
 * what it prints (https://github.com/openai/openai-python/blob/v0.28.1/openai/cli.py, with
 * `openai/api_resources/fine_tune.py` and `file.py`): the same paths, query strings and bodies
 * (null for options not given, `echo: true` on completions), the same lines, and objects printed
 * as `json.dumps(obj, sort_keys=True, indent=2)`. Error lines lose their terminal colours.
 *
 * Reads OPENAI_API_BASE and OPENAI_API_KEY like the real one. Used by test/docs/legacy-commands.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { setFlagsFromString } from 'node:v8';

// As in bin/fine-tune.js: no optimising recompile of fetch's HTTP parser holding up the exit.
setFlagsFromString('--liftoff-only');

const BASE = process.env.OPENAI_API_BASE ?? 'https://api.openai.com/v1';
const KEY = process.env.OPENAI_API_KEY ?? '';

class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** Python's quote_plus, as the client puts an id in a path. */
function quotePlus(text) {
  return encodeURIComponent(text)
    .replace(/%20/g, '+')
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

async function request(method, path, { json, form, stream } = {}) {
  const headers = { authorization: `Bearer ${KEY}`, 'user-agent': 'OpenAI/v1 PythonBindings/0.28.1' };
  let body;
  if (json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form !== undefined) body = form;
  const response = await fetch(`${BASE}${path}`, { method, headers, body });
  if (stream && response.ok && (response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    return response;
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = JSON.parse(text).error.message;
    } catch {
      // the body was not an error object: shown as it came
    }
    throw new ApiError(message, response.status);
  }
  return text;
}

const getJson = async (method, path, options) => JSON.parse(await request(method, path, options));

/** json.dumps(obj, sort_keys=True, indent=2) with its ensure_ascii escapes. */
function pyJson(value) {
  const sort = (v) =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort(v[k])]),
          )
        : v;
  return JSON.stringify(sort(value), null, 2).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const out = (text) => process.stdout.write(text);

/** datetime.datetime.fromtimestamp(ts) as str() prints it, in local time. */
function localTime(seconds) {
  const d = new Date(seconds * 1000);
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** The data lines of a server-sent event stream, without `[DONE]` (the client drops it too). */
async function* sse(response) {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let at;
    while ((at = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, at).replace(/\r$/, '');
      buffer = buffer.slice(at + 1);
      if (line.startsWith('data: ') && line.trim() !== 'data: [DONE]') yield JSON.parse(line.slice(6));
    }
  }
}

async function streamEvents(id) {
  try {
    const response = await request('GET', `/fine-tunes/${quotePlus(id)}/events?stream=true`, {
      stream: true,
    });
    for await (const event of sse(response)) out(`[${localTime(event.created_at)}] ${event.message}\n`);
  } catch {
    out(
      `\nStream interrupted (client disconnected).\nTo resume the stream, run:\n\n  openai api fine_tunes.follow -i ${id}\n\n`,
    );
    return;
  }
  const job = await getJson('GET', `/fine-tunes/${quotePlus(id)}`);
  if (job.status === 'succeeded') {
    out('\nJob complete! Status: succeeded 🎉');
    out(
      `\nTry out your fine-tuned model:\n\nopenai api completions.create -m ${job.fine_tuned_model} -p <YOUR_PROMPT>`,
    );
  } else if (job.status === 'failed') {
    out('\nJob failed. Please contact us through our help center at help.openai.com if you need assistance.');
  }
  out('\n');
}

/** FineTune._get_or_upload: an uploaded file's id, or a local path uploaded (after a duplicate check). */
async function getOrUpload(file, checkIfExists) {
  try {
    await request('GET', `/files/${quotePlus(file)}`);
    return file;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
  if (!existsSync(file)) return file;
  const content = readFileSync(file);
  if (checkIfExists) {
    const all = (await getJson('GET', '/files')).data ?? [];
    const matching = all.filter(
      (f) =>
        f.purpose === 'fine-tune' && basename(f.filename) === basename(file) && f.bytes === content.length,
    );
    if (matching.length > 0) {
      out(
        `Found potentially duplicated files with name '${basename(matching[0].filename)}', purpose 'fine-tune' and size ${matching[0].bytes} bytes\n`,
      );
      out(matching.map((f) => f.id).join('\n'));
      // The real one reads a line from standard input; without one, it uploads anyway.
      out(
        '\nEnter file ID to reuse an already uploaded file, or an empty string to upload this file anyway: ',
      );
    }
  }
  const form = new FormData();
  form.append('purpose', 'fine-tune');
  form.append('file', new Blob([content], { type: 'application/octet-stream' }), file);
  const created = await getJson('POST', '/files', { form });
  out(`Uploaded file from ${file}: ${created.id}\n`);
  return created.id;
}

/** argparse for the options below: `--name value`, `-x value`, flags, and nargs="+" lists. */
function parse(args, spec) {
  const values = {};
  for (let i = 0; i < args.length; i++) {
    const name = spec.alias[args[i]] ?? args[i];
    const kind = spec.options[name];
    if (kind === undefined) throw new Error(`unrecognized arguments: ${args[i]}`);
    const key = name.replace(/^-+/, '');
    if (kind === 'flag') values[key] = true;
    else if (kind === 'list') {
      values[key] = [];
      while (i + 1 < args.length && !args[i + 1].startsWith('--')) values[key].push(Number(args[++i]));
    } else values[key] = kind === 'int' || kind === 'float' ? Number(args[++i]) : args[++i];
  }
  return values;
}

const idOption = { alias: { '-i': '--id' }, options: { '--id': 'string' } };

const COMMANDS = {
  'fine_tunes.list': async () => out(`${pyJson(await getJson('GET', '/fine-tunes'))}\n`),
  'fine_tunes.get': async (a) =>
    out(`${pyJson(await getJson('GET', `/fine-tunes/${quotePlus(parse(a, idOption).id)}`))}\n`),
  'fine_tunes.cancel': async (a) =>
    out(`${pyJson(await getJson('POST', `/fine-tunes/${quotePlus(parse(a, idOption).id)}/cancel`))}\n`),
  'fine_tunes.events': async (a) =>
    out(`${pyJson(await getJson('GET', `/fine-tunes/${quotePlus(parse(a, idOption).id)}/events`))}\n`),
  'fine_tunes.follow': async (a) => streamEvents(parse(a, idOption).id),
  'fine_tunes.results': async (a) => {
    const { id } = parse(a, idOption);
    const job = await getJson('GET', `/fine-tunes/${quotePlus(id)}`);
    if (!job.result_files || job.result_files.length === 0) {
      throw new ApiError(`No results file available for fine-tune ${id}`);
    }
    const again = await getJson('GET', `/fine-tunes/${quotePlus(id)}`);
    out(`${await request('GET', `/files/${again.result_files[0].id}/content`)}\n`);
  },
  'fine_tunes.create': async (a) => {
    const v = parse(a, {
      alias: { '-t': '--training_file', '-v': '--validation_file', '-m': '--model' },
      options: {
        '--training_file': 'string',
        '--validation_file': 'string',
        '--model': 'string',
        '--suffix': 'string',
        '--no_follow': 'flag',
        '--no_check_if_files_exist': 'flag',
        '--n_epochs': 'int',
        '--batch_size': 'int',
        '--learning_rate_multiplier': 'float',
        '--prompt_loss_weight': 'float',
        '--compute_classification_metrics': 'flag',
        '--classification_n_classes': 'int',
        '--classification_positive_class': 'string',
        '--classification_betas': 'list',
      },
    });
    const check = !v.no_check_if_files_exist;
    const body = { training_file: await getOrUpload(v.training_file, check) };
    if (v.validation_file) body.validation_file = await getOrUpload(v.validation_file, check);
    for (const name of [
      'model',
      'suffix',
      'n_epochs',
      'batch_size',
      'learning_rate_multiplier',
      'prompt_loss_weight',
      'compute_classification_metrics',
      'classification_n_classes',
      'classification_positive_class',
      'classification_betas',
    ]) {
      if (v[name] !== undefined) body[name] = v[name];
    }
    const job = await getJson('POST', '/fine-tunes', { json: body });
    if (v.no_follow) return out(`${pyJson(job)}\n`);
    out(
      `Created fine-tune: ${job.id}\nStreaming events until fine-tuning is complete...\n\n` +
        '(Ctrl-C will interrupt the stream, but not cancel the fine-tune)\n',
    );
    await streamEvents(job.id);
  },
  'completions.create': async (a) => {
    const v = parse(a, {
      alias: {
        '-m': '--model',
        '-p': '--prompt',
        '-M': '--max-tokens',
        '-t': '--temperature',
        '-P': '--top_p',
        '-n': '--n',
      },
      options: {
        '--model': 'string',
        '--prompt': 'string',
        '--max-tokens': 'int',
        '--temperature': 'float',
        '--top_p': 'float',
        '--n': 'int',
        '--logprobs': 'int',
        '--stop': 'string',
        '--stream': 'flag',
      },
    });
    const body = {
      model: v.model ?? null,
      n: v.n ?? null,
      max_tokens: v['max-tokens'] ?? null,
      logprobs: v.logprobs ?? null,
      prompt: v.prompt ?? null,
      stream: v.stream === true,
      temperature: v.temperature ?? null,
      top_p: v.top_p ?? null,
      stop: v.stop ?? null,
      echo: true,
    };
    const parts = v.stream
      ? sse(await request('POST', '/completions', { json: body, stream: true }))
      : [await getJson('POST', '/completions', { json: body })];
    for await (const part of parts) {
      const choices = [...part.choices].sort((x, y) => x.index - y.index);
      choices.forEach((choice, index) => {
        if (choices.length > 1) out(`===== Completion ${index} =====\n`);
        out(choice.text);
        if (choices.length > 1) out('\n');
      });
    }
  },
  'models.delete': async (a) =>
    out(`${pyJson(await getJson('DELETE', `/models/${quotePlus(parse(a, idOption).id)}`))}\n`),
};

const [group, command, ...rest] = process.argv.slice(2);
const run = group === 'api' ? COMMANDS[command] : undefined;
if (!run) {
  process.stderr.write(`this stand-in knows only: openai api ${Object.keys(COMMANDS).join(' | ')}\n`);
  process.exit(2);
}
run(rest).catch((error) => {
  if (!(error instanceof ApiError)) throw error;
  const status = error.status === undefined ? '' : ` (HTTP status code: ${error.status})`;
  process.stderr.write(`Error: ${error.message}${status}\n`);
  process.exit(1);
});
