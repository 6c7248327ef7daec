/**
 * OpenSBP values: numbers, &user variables, %(n) system variables, + - * / and parentheses, comparisons for IF.
 * Meaning from the OpenSBP Programming Handbook (ShopBot Tools, "Part File Programming Handbook for the OpenSBP
 * Language", 2015: variables, IF…THEN, GOTO/GOSUB, labels) and measured against the grammar FabMo-Engine uses
 * (runtime/opensbp/sbp_parser.pegjs): `&name`, `%(expr)`, `*` `/` before `+` `-`, comparisons = == <> != < > <= >=.
 * A bare word (T, I, O in CG) is a string value.
 */

export type SbpValue = number | string;

export interface ValueScope {
  /** A user variable's value, or undefined when the file has not given it one yet. */
  user(name: string): SbpValue | undefined;
  /** A system variable %(n), or undefined for one the Desk does not know. */
  system(n: number): number | undefined;
  /** Something odd but readable about this value: an unset variable, an unknown system variable. */
  note(code: 'unset-variable' | 'unknown-system-variable', params: Record<string, string | number>): void;
}

type Token =
  | { t: 'num'; v: number }
  | { t: 'var'; name: string }
  | { t: 'sys' }
  | { t: 'str'; v: string }
  | { t: 'op'; v: string };

export class ExpressionError extends Error {}

const CMP_OPS = ['<=', '>=', '==', '<>', '!=', '<', '>', '='] as const;
export type CmpOp = (typeof CMP_OPS)[number];

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if ((c >= '0' && c <= '9') || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^[0-9]*\.?[0-9]*(?:[eE][-+]?[0-9]+)?/.exec(text.slice(i))!;
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
      continue;
    }
    if (c === '&' || c === '$') {
      const m = /^[&$][A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
      if (m === null) throw new ExpressionError(`"${c}" is not followed by a variable name`);
      if (c === '$') throw new ExpressionError(`persistent variables (${m[0]}) are not supported`);
      out.push({ t: 'var', name: m[0].slice(1).toUpperCase() });
      i += m[0].length;
      continue;
    }
    if (c === '%') {
      out.push({ t: 'sys' });
      i++;
      continue;
    }
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw new ExpressionError('a quoted text is not closed');
      out.push({ t: 'str', v: text.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '<=' || two === '>=' || two === '==' || two === '<>' || two === '!=') {
      out.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if ('+-*/()<>='.includes(c)) {
      out.push({ t: 'op', v: c });
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      out.push({ t: 'str', v: m[0] });
      i += m[0].length;
      continue;
    }
    throw new ExpressionError(`"${c}" cannot be read here`);
  }
  return out;
}

class Reader {
  private at = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly scope: ValueScope,
  ) {}

  done(): boolean {
    return this.at >= this.tokens.length;
  }

  peekOp(): string | null {
    const t = this.tokens[this.at];
    return t?.t === 'op' ? t.v : null;
  }

  expression(): SbpValue {
    let left = this.term();
    for (let op = this.peekOp(); op === '+' || op === '-'; op = this.peekOp()) {
      this.at++;
      const right = this.term();
      left =
        op === '+' && (typeof left === 'string' || typeof right === 'string')
          ? `${left}${right}`
          : arithmetic(left, right, op);
    }
    return left;
  }

  private term(): SbpValue {
    let left = this.factor();
    for (let op = this.peekOp(); op === '*' || op === '/'; op = this.peekOp()) {
      this.at++;
      left = arithmetic(left, this.factor(), op);
    }
    return left;
  }

  private factor(): SbpValue {
    const t = this.tokens[this.at++];
    if (t === undefined) throw new ExpressionError('a value is missing');
    if (t.t === 'num') return t.v;
    if (t.t === 'str') return t.v;
    if (t.t === 'var') {
      const v = this.scope.user(t.name);
      if (v === undefined) {
        this.scope.note('unset-variable', { name: t.name });
        return 0;
      }
      return v;
    }
    if (t.t === 'sys') {
      this.expect('(');
      const n = this.expression();
      this.expect(')');
      if (typeof n !== 'number') throw new ExpressionError('a system variable number must be a number');
      const v = this.scope.system(Math.round(n));
      if (v === undefined) {
        this.scope.note('unknown-system-variable', { n });
        return 0;
      }
      return v;
    }
    if (t.v === '(') {
      const v = this.expression();
      this.expect(')');
      return v;
    }
    if (t.v === '-') {
      const v = this.factor();
      if (typeof v !== 'number') throw new ExpressionError('"-" needs a number');
      return -v;
    }
    if (t.v === '+') return this.factor();
    throw new ExpressionError(`"${t.v}" cannot start a value`);
  }

  private expect(op: string): void {
    const t = this.tokens[this.at++];
    if (t?.t !== 'op' || t.v !== op) throw new ExpressionError(`"${op}" is missing`);
  }

  comparison(): boolean {
    const left = this.expression();
    const op = this.peekOp();
    if (op === null || !(CMP_OPS as readonly string[]).includes(op))
      throw new ExpressionError('IF needs a comparison (=, <>, <, >, <=, >=)');
    this.at++;
    const right = this.expression();
    return compare(left, right, op as CmpOp);
  }
}

function arithmetic(a: SbpValue, b: SbpValue, op: string): number {
  if (typeof a !== 'number' || typeof b !== 'number') throw new ExpressionError(`"${op}" needs numbers`);
  if (op === '+') return a + b;
  if (op === '-') return a - b;
  if (op === '*') return a * b;
  if (b === 0) throw new ExpressionError('division by zero');
  return a / b;
}

function compare(a: SbpValue, b: SbpValue, op: CmpOp): boolean {
  const x = typeof a === 'string' ? a.toUpperCase() : a;
  const y = typeof b === 'string' ? b.toUpperCase() : b;
  switch (op) {
    case '=':
    case '==':
      return x === y;
    case '<>':
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
  }
}

/** One value (a command parameter or the right side of an assignment); '' (an empty parameter) is null. */
export function evaluate(text: string, scope: ValueScope): SbpValue | null {
  const bare = text.trim();
  // Most parameters are plain numbers: read them without tokenizing (a 200,000-line file has ~600,000).
  if (/^[-+]?(?:\d+\.?\d*|\.\d+)$/.test(bare)) return Number(bare);
  // A bare text of words is a string value, as in CAM headers: "&PWZorigin = Material Surface".
  if (/^[A-Za-z_][A-Za-z0-9_ .()-]*$/.test(bare) && / /.test(bare) && !/[&%$]/.test(bare)) return bare;
  const tokens = tokenize(text);
  if (tokens.length === 0) return null;
  const reader = new Reader(tokens, scope);
  const v = reader.expression();
  if (!reader.done()) throw new ExpressionError(`"${bare}" is not one value`);
  return v;
}

/** The condition of an IF. */
export function evaluateCondition(text: string, scope: ValueScope): boolean {
  const reader = new Reader(tokenize(text), scope);
  const v = reader.comparison();
  if (!reader.done()) throw new ExpressionError(`"${text.trim()}" is not one comparison`);
  return v;
}

/** Splits a parameter list at top-level commas (not inside quotes or parentheses). */
export function splitParameters(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === ',') {
      out.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(text.slice(from).trim());
  return out;
}
