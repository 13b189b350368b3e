// The TextMate grammar, run by vscode-textmate and vscode-oniguruma (the tokenizer VS Code itself uses) over every
// sample model and over lines written to test each rule. Run: npm install --no-save && npm test (bin/test does it).
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const root = path.resolve(__dirname, '..', '..', '..');
const grammarPath = path.resolve(__dirname, '..', 'syntaxes', 'mle.tmLanguage.json');

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => scopeName === 'source.mle'
      ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
      : null,
  });
  return registry.loadGrammar('source.mle');
}

/** Each line's tokens as {text, scopes}, carrying the tokenizer's state from line to line. */
function tokenize(grammar, text) {
  let state = vsctm.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.substring(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The innermost scope of the token that is exactly `text` on the line, or fails. */
function scopeOf(tokens, text) {
  const token = tokens.find((t) => t.text === text);
  assert.ok(token, `no token "${text}" in ${JSON.stringify(tokens.map((t) => t.text))}`);
  return token.scopes[token.scopes.length - 1];
}

const samples = fs.readdirSync(path.join(root, 'samples'))
  .map((name) => path.join(root, 'samples', name, 'model.mle'))
  .filter((file) => fs.existsSync(file));

test('every sample tokenizes: comments whole, declarations and distributions named, no character left out', async () => {
  const grammar = await loadGrammar();
  assert.ok(samples.length >= 10, 'the samples are there');
  for (const file of samples) {
    const text = fs.readFileSync(file, 'utf8');
    const lines = tokenize(grammar, text);
    text.split(/\r?\n/).forEach((line, i) => {
      const tokens = lines[i];
      assert.strictEqual(tokens.map((t) => t.text).join(''), line, `${file}:${i + 1} is covered by its tokens`);
      const trimmed = line.trim();
      if (trimmed.startsWith('#') || trimmed.startsWith('//')) {
        assert.match(tokens.find((t) => t.text.trim() !== '').scopes.join(' '), /comment\.line/, `${file}:${i + 1}`);
      }
      const declaration = /^\s*(data|param|random|const)\b/.exec(line);
      if (declaration) assert.strictEqual(scopeOf(tokens, declaration[1]), 'storage.type.declaration.mle', `${file}:${i + 1}`);
      const sampling = /~\s*([\p{L}_][\p{L}\p{Nd}_']*)/u.exec(line.replace(/(#|\/\/).*$/, ''));
      if (sampling) assert.strictEqual(scopeOf(tokens, sampling[1]), 'support.type.distribution.mle', `${file}:${i + 1}`);
    });
  }
});

test('each rule on lines written for it', async () => {
  const grammar = await loadGrammar();
  const [decl, sampling, fn, report, target, numbers, comment] = tokenize(grammar, [
    'param σ > 0, ν in (0, 1), ρ ∈ (0, 1)',
    'y ~ Normal(a + b * x, σ, right_censored = 1 - status)',
    'rate(t; a, b) = exp(a + b * t)',
    'report odds = exp(b)',
    'target += log_mix(θ, normal_lpdf(y, μ1, σ1), normal_lpdf(y, μ2, σ2))',
    'z = 1.5e-3 + .25 * 2 − π · x2',
    'μ ~ Normal(0, 10)  # a prior, σ\'s scale',
  ].join('\n'));
  assert.strictEqual(scopeOf(decl, 'param'), 'storage.type.declaration.mle');
  assert.strictEqual(scopeOf(decl, 'σ'), 'variable.other.mle', 'a Greek name is one identifier');
  assert.strictEqual(scopeOf(decl, 'in'), 'keyword.other.mle');
  assert.strictEqual(scopeOf(decl, '∈'), 'keyword.other.mle');
  assert.strictEqual(scopeOf(decl, '0'), 'constant.numeric.mle');
  assert.strictEqual(scopeOf(sampling, '~'), 'keyword.operator.sampling.mle');
  assert.strictEqual(scopeOf(sampling, 'Normal'), 'support.type.distribution.mle');
  assert.strictEqual(scopeOf(sampling, 'right_censored'), 'variable.parameter.observation.mle');
  assert.strictEqual(scopeOf(fn, 'rate'), 'entity.name.function.definition.mle');
  assert.strictEqual(scopeOf(fn, 'exp'), 'support.function.builtin.mle');
  assert.strictEqual(scopeOf(report, 'report'), 'keyword.other.report.mle');
  assert.strictEqual(scopeOf(report, 'odds'), 'variable.other.definition.mle');
  assert.strictEqual(scopeOf(target, 'target'), 'variable.language.target.mle');
  assert.strictEqual(scopeOf(target, 'normal_lpdf'), 'support.function.density.mle');
  assert.strictEqual(scopeOf(target, 'log_mix'), 'support.function.builtin.mle');
  assert.strictEqual(scopeOf(numbers, '1.5e-3'), 'constant.numeric.mle');
  assert.strictEqual(scopeOf(numbers, '.25'), 'constant.numeric.mle');
  assert.strictEqual(scopeOf(numbers, '−'), 'keyword.operator.mle', 'the Unicode minus sign');
  assert.strictEqual(scopeOf(numbers, 'π'), 'constant.language.mle');
  assert.strictEqual(scopeOf(numbers, 'x2'), 'variable.other.mle', 'a digit inside a name is not a number');
  assert.match(scopeOf(comment, "# a prior, σ's scale"), /^comment\.line/);
});
