// Converts communique's test dialogues (*.dialogue, docs/testing.md "The dialogue format") into
// Botium convo files (*.convo.txt), one per conversation, checked with Botium's own asserters
// (a line `NAME ARG|ARG…`: the asserter's name, a space, its arguments split by `|`)
// against the reply objects of `POST /v1/ask` (Botium's SIMPLEREST connector keeps the `session`
// of each reply in its context and sends it back, so a conversation keeps its context):
//
//   < A | B     TEXT_CONTAINS_ANY_IC A|B            (the answer contains one of them)
//   <! A        !TEXT_CONTAINS_ANY_IC A             (it does not)
//   <?          JSON_PATH $.kind|no-answer          (the honest "the statement doesn't say")
//   <~          JSON_PATH $.kind|small-talk
//   <= ID       JSON_PATH $.kind|answer, JSON_PATH $.fact|ID
//   <=? A | B   JSON_PATH $.kind|clarify, JSON_PATH_COUNT $.choices|2, JSON_PATH $.choices[*].fact|A, …
//
// A known gap (`gap ` before a message) is sent and its reply awaited, but not checked: its
// expectations are known not to hold yet (the dialogue runner checks that they still fail). An
// expectation of several facts (`<= A | B`) has no Botium asserter and is refused.
//
//   node tests/botium/convert.mjs OUT_DIR DIALOGUE_FILE_OR_DIR...
//
// Prints what it wrote: files, conversations, turns, checks and unchecked gap turns.
import { readFileSync, readdirSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const [out, ...inputs] = process.argv.slice(2);
if (!out || inputs.length === 0) {
  console.error('usage: node convert.mjs OUT_DIR DIALOGUE_FILE_OR_DIR...');
  process.exit(2);
}

function dialogueFiles(path) {
  if (statSync(path).isDirectory()) {
    return readdirSync(path).sort().flatMap((name) => dialogueFiles(join(path, name)));
  }
  return path.endsWith('.dialogue') ? [path] : [];
}

function alternatives(text) {
  return text.split('|').map((a) => a.trim()).filter((a) => a.length > 0);
}

// The Botium lines checking one expectation.
function asserters(expectation, where) {
  const m = expectation.match(/^(<=\?|<=|<!|<\?|<~|<)\s*(.*)$/);
  if (!m) { throw new Error(`${where}: not an expectation: ${expectation}`); }
  const [, tag, text] = m;
  switch (tag) {
    case '<': return [`TEXT_CONTAINS_ANY_IC ${alternatives(text).join('|')}`];
    case '<!': return [`!TEXT_CONTAINS_ANY_IC ${text.trim()}`];
    case '<?': return ['JSON_PATH $.kind|no-answer'];
    case '<~': return ['JSON_PATH $.kind|small-talk'];
    case '<=': {
      const facts = alternatives(text);
      if (facts.length !== 1) { throw new Error(`${where}: Botium has no asserter for one of several facts: ${expectation}`); }
      return ['JSON_PATH $.kind|answer', `JSON_PATH $.fact|${facts[0]}`];
    }
    case '<=?': {
      const facts = alternatives(text);
      return ['JSON_PATH $.kind|clarify', `JSON_PATH_COUNT $.choices|${facts.length}`,
        ...facts.map((f) => `JSON_PATH $.choices[*].fact|${f}`)];
    }
    default: throw new Error(`${where}: unknown expectation ${tag}`);
  }
}

mkdirSync(out, { recursive: true });
const tally = { files: 0, convos: 0, turns: 0, checks: 0, gaps: 0 };
for (const file of inputs.flatMap(dialogueFiles)) {
  tally.files += 1;
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const convos = [];
  let convo = null;
  let turn = null;
  const start = (line) => { convo = { line, turns: [] }; convos.push(convo); };
  lines.forEach((raw, i) => {
    const where = `${file}:${i + 1}`;
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) { return; }
    if (line === '---') { convo = null; turn = null; return; }
    let gap = false;
    if (line.startsWith('gap ')) { gap = true; line = line.slice(4).trim(); }
    // A one-line case: `EXPECTATION > TEXT`, a conversation of its own.
    const oneLine = line.match(/^(<=\?|<=|<\?|<~)\s*([^>]*?)\s*>\s*(.+)$/);
    if (oneLine) {
      start(i + 1);
      convo.turns.push({ text: oneLine[3], gap, checks: asserters(`${oneLine[1]} ${oneLine[2]}`, where) });
      convo = null;
      turn = null;
      return;
    }
    const message = line.match(/^(>>|>)\s*(.*)$/);
    if (message) {
      // `>` and `>>` go on in the conversation; only `---` starts a new one.
      if (!convo) { start(i + 1); }
      turn = { text: message[2], gap, checks: [] };
      convo.turns.push(turn);
      return;
    }
    if (!turn) { throw new Error(`${where}: an expectation before any message`); }
    turn.checks.push(...asserters(line, where));
  });
  convos.forEach((c, n) => {
    const name = `${basename(file, '.dialogue')}-${String(n + 1).padStart(2, '0')}`;
    const body = [`${basename(file)} line ${c.line}`, ''];
    for (const t of c.turns) {
      tally.turns += 1;
      body.push('#me', t.text, '', '#bot');
      if (t.gap) {
        tally.gaps += 1;
      } else {
        tally.checks += t.checks.length;
        body.push(...t.checks);
      }
      body.push('');
    }
    writeFileSync(join(out, `${name}.convo.txt`), body.join('\n'));
    tally.convos += 1;
  });
}
console.log(`converted ${tally.files} dialogue files into ${tally.convos} Botium convos: ${tally.turns} turns, ${tally.checks} checks, ${tally.gaps} known-gap turns sent unchecked`);
