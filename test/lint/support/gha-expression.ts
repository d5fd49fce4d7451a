/**
 * Evaluates the GitHub Actions expressions the generated workflow uses (`github.event_name == 'push' && ...`), so
 * that a test can run a condition against the events it must and must not push for, instead of matching its text.
 * It knows the grammar's literals, property access, `!`, `==`, `!=`, `&&`, `||`, parentheses and the functions
 * format, startsWith, endsWith and contains; anything else throws, so an unknown construct fails the test.
 */

export type Value = string | number | boolean | null | { readonly [key: string]: Value } | readonly Value[];

type Token =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'word'; readonly value: string }
  | { readonly kind: 'symbol'; readonly value: string };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const rest = expression.slice(i);
    const space = /^\s+/.exec(rest);
    const string = /^'((?:[^']|'')*)'/.exec(rest);
    const number = /^-?[0-9]+(\.[0-9]+)?/.exec(rest);
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
    const symbol = /^(==|!=|&&|\|\||[!().,[\]*])/.exec(rest);
    if (space) i += space[0].length;
    else if (string) {
      tokens.push({ kind: 'string', value: (string[1] ?? '').replaceAll("''", "'") });
      i += string[0].length;
    } else if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]) });
      i += number[0].length;
    } else if (word) {
      tokens.push({ kind: 'word', value: word[0] });
      i += word[0].length;
    } else if (symbol) {
      tokens.push({ kind: 'symbol', value: symbol[0] });
      i += symbol[0].length;
    } else throw new Error(`cannot read ${JSON.stringify(rest)} in ${JSON.stringify(expression)}`);
  }
  return tokens;
}

/** GitHub compares strings case-insensitively and coerces mixed types to numbers. */
function equals(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b) return a === b;
  return Number(a) === Number(b);
}

function truthy(value: Value): boolean {
  return value !== null && value !== false && value !== 0 && value !== '';
}

function text(value: Value): string {
  if (value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const FUNCTIONS: Readonly<Record<string, (...args: Value[]) => Value>> = {
  format: (template, ...args) =>
    text(template).replace(/\{([0-9]+)\}/g, (_, index: string) => text(args[Number(index)] ?? null)),
  startsWith: (value, prefix) => text(value).toLowerCase().startsWith(text(prefix).toLowerCase()),
  endsWith: (value, suffix) => text(value).toLowerCase().endsWith(text(suffix).toLowerCase()),
  contains: (haystack, needle) =>
    Array.isArray(haystack)
      ? haystack.some((item) => equals(item, needle))
      : text(haystack).toLowerCase().includes(text(needle).toLowerCase()),
};

export function evaluate(expression: string, contexts: Readonly<Record<string, Value>>): Value {
  const tokens = tokenize(expression);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const isSymbol = (value: string): boolean => peek()?.kind === 'symbol' && peek()?.value === value;
  const expect = (value: string): void => {
    if (!isSymbol(value)) throw new Error(`expected ${value} at token ${position} of ${JSON.stringify(expression)}`);
    position++;
  };

  const primary = (): Value => {
    const token = tokens[position++];
    if (!token) throw new Error(`unexpected end of ${JSON.stringify(expression)}`);
    if (token.kind === 'string' || token.kind === 'number') return token.value;
    if (token.kind === 'symbol' && token.value === '(') {
      const value = or();
      expect(')');
      return value;
    }
    if (token.kind === 'symbol' && token.value === '!') return !truthy(primary());
    if (token.kind !== 'word') throw new Error(`unexpected ${token.value} in ${JSON.stringify(expression)}`);
    if (token.value === 'true' || token.value === 'false') return token.value === 'true';
    if (token.value === 'null') return null;
    if (isSymbol('(')) {
      const fn = FUNCTIONS[token.value];
      if (!fn) throw new Error(`unknown function ${token.value} in ${JSON.stringify(expression)}`);
      position++;
      const args: Value[] = [];
      while (!isSymbol(')')) {
        args.push(or());
        if (isSymbol(',')) position++;
      }
      expect(')');
      return fn(...args);
    }
    if (!(token.value in contexts)) throw new Error(`unknown context ${token.value} in ${JSON.stringify(expression)}`);
    let value: Value = contexts[token.value] ?? null;
    for (;;) {
      let key: Value;
      if (isSymbol('.')) {
        position++;
        const name = tokens[position++];
        if (name?.kind !== 'word') throw new Error(`expected a property name in ${JSON.stringify(expression)}`);
        key = name.value;
      } else if (isSymbol('[')) {
        position++;
        key = or();
        expect(']');
      } else break;
      value =
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? ((value as Record<string, Value>)[text(key)] ?? null)
          : null;
    }
    return value;
  };
  const comparison = (): Value => {
    let left = primary();
    while (isSymbol('==') || isSymbol('!=')) {
      const operator = tokens[position++]?.value;
      const right = primary();
      left = operator === '==' ? equals(left, right) : !equals(left, right);
    }
    return left;
  };
  const and = (): Value => {
    let left = comparison();
    while (isSymbol('&&')) {
      position++;
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const or = (): Value => {
    let left = and();
    while (isSymbol('||')) {
      position++;
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };

  const value = or();
  if (position !== tokens.length) throw new Error(`unexpected ${peek()?.value} in ${JSON.stringify(expression)}`);
  return value;
}

/** `${{ expr }}` → `expr`; a bare `if:` condition is an expression already. */
export function unwrap(expression: string): string {
  const match = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(expression);
  return match ? (match[1] ?? '').trim() : expression.trim();
}

/**
 * The value a step's `${{ }}` string or `if:` condition yields, as GitHub coerces it to text. In a string that mixes
 * text and expressions (`${{ a }}-${{ b }}`), each expression is replaced by its text.
 */
export function evaluateText(expression: string, contexts: Readonly<Record<string, Value>>): string {
  if (/^\s*\$\{\{((?!\}\}).)*\}\}\s*$/s.test(expression) || !expression.includes('${{')) {
    return text(evaluate(unwrap(expression), contexts));
  }
  return expression.replace(/\$\{\{(.*?)\}\}/gs, (_whole, inner: string) => text(evaluate(inner.trim(), contexts)));
}
