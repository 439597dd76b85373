/**
 * ARM template language expressions: a string `[ … ]` is an expression (`[[` at the start escapes
 * a literal `[`). Inside: string literals in single quotes (`''` escapes a quote), integers,
 * function calls, `.property` and `[index]` access.
 */

export type Expression =
  | { readonly kind: 'literal'; readonly value: string | number | boolean }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expression[] }
  | { readonly kind: 'member'; readonly target: Expression; readonly property: string }
  | { readonly kind: 'index'; readonly target: Expression; readonly index: Expression };

export type TemplateString =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'expression'; readonly source: string; readonly expression: Expression };

export class ExpressionSyntaxError extends Error {
  constructor(source: string, position: number, problem: string) {
    super(`The language expression '${source}' is not valid: ${problem} at position ${position}.`);
    this.name = 'ExpressionSyntaxError';
  }
}

type Token =
  | { readonly kind: 'string'; readonly value: string; readonly position: number }
  | { readonly kind: 'number'; readonly value: number; readonly position: number }
  | { readonly kind: 'identifier'; readonly value: string; readonly position: number }
  | { readonly kind: 'punctuation'; readonly value: string; readonly position: number }
  | { readonly kind: 'end'; readonly position: number };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < source.length) {
    const char = source[position] ?? '';
    if (/\s/.test(char)) {
      position += 1;
    } else if (char === "'") {
      let value = '';
      let cursor = position + 1;
      for (;;) {
        const next = source[cursor];
        if (next === undefined)
          throw new ExpressionSyntaxError(source, position, 'the string literal is not terminated');
        if (next === "'") {
          if (source[cursor + 1] === "'") {
            value += "'";
            cursor += 2;
            continue;
          }
          break;
        }
        value += next;
        cursor += 1;
      }
      tokens.push({ kind: 'string', value, position });
      position = cursor + 1;
    } else if (/[0-9-]/.test(char)) {
      const match = /^-?[0-9]+/.exec(source.slice(position));
      if (!match) throw new ExpressionSyntaxError(source, position, `unexpected '${char}'`);
      tokens.push({ kind: 'number', value: Number(match[0]), position });
      position += match[0].length;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(position));
      const value = match?.[0] ?? char;
      tokens.push({ kind: 'identifier', value, position });
      position += value.length;
    } else if ('().,[]'.includes(char)) {
      tokens.push({ kind: 'punctuation', value: char, position });
      position += 1;
    } else {
      throw new ExpressionSyntaxError(source, position, `unexpected character '${char}'`);
    }
  }
  tokens.push({ kind: 'end', position });
  return tokens;
}

class Parser {
  private index = 0;
  private readonly tokens: Token[];
  private readonly source: string;

  constructor(source: string) {
    this.source = source;
    this.tokens = tokenize(source);
  }

  parse(): Expression {
    const expression = this.expression();
    const next = this.peek();
    if (next.kind !== 'end') this.fail(next, 'expected the end of the expression');
    return expression;
  }

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end', position: this.source.length };
  }

  private take(): Token {
    const token = this.peek();
    this.index += 1;
    return token;
  }

  private isPunctuation(value: string): boolean {
    const token = this.peek();
    return token.kind === 'punctuation' && token.value === value;
  }

  private expect(value: string): void {
    const token = this.take();
    if (token.kind !== 'punctuation' || token.value !== value)
      this.fail(token, `expected '${value}'`);
  }

  private fail(token: Token, problem: string): never {
    throw new ExpressionSyntaxError(this.source, token.position, problem);
  }

  private expression(): Expression {
    let expression = this.primary();
    for (;;) {
      if (this.isPunctuation('.')) {
        this.take();
        const name = this.take();
        if (name.kind !== 'identifier') this.fail(name, 'expected a property name');
        expression = { kind: 'member', target: expression, property: name.value };
      } else if (this.isPunctuation('[')) {
        this.take();
        const index = this.expression();
        this.expect(']');
        expression = { kind: 'index', target: expression, index };
      } else {
        return expression;
      }
    }
  }

  private primary(): Expression {
    const token = this.take();
    switch (token.kind) {
      case 'string':
      case 'number':
        return { kind: 'literal', value: token.value };
      case 'identifier': {
        if (!this.isPunctuation('(')) {
          const lower = token.value.toLowerCase();
          if (lower === 'true' || lower === 'false')
            return { kind: 'literal', value: lower === 'true' };
          this.fail(token, `expected '(' after '${token.value}'`);
        }
        this.take();
        const args: Expression[] = [];
        if (!this.isPunctuation(')')) {
          args.push(this.expression());
          while (this.isPunctuation(',')) {
            this.take();
            args.push(this.expression());
          }
        }
        this.expect(')');
        return { kind: 'call', name: token.value, args };
      }
      case 'punctuation':
      case 'end':
        return this.fail(token, 'expected a function call or a literal');
    }
  }
}

export function parseExpression(source: string): Expression {
  return new Parser(source).parse();
}

export function parseTemplateString(text: string): TemplateString {
  if (text.startsWith('[[')) return { kind: 'text', value: text.slice(1) };
  if (text.startsWith('[') && text.endsWith(']') && text.length >= 2) {
    const source = text.slice(1, -1);
    return { kind: 'expression', source, expression: parseExpression(source) };
  }
  return { kind: 'text', value: text };
}

/** Every function call in the expression, outermost first. */
export function callsIn(expression: Expression): Extract<Expression, { kind: 'call' }>[] {
  switch (expression.kind) {
    case 'literal':
      return [];
    case 'call':
      return [expression, ...expression.args.flatMap(callsIn)];
    case 'member':
      return callsIn(expression.target);
    case 'index':
      return [...callsIn(expression.target), ...callsIn(expression.index)];
  }
}
