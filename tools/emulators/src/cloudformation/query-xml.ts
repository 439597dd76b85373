/**
 * Just enough XML for the AWS query protocol: parse moto's responses into a tree, and write
 * responses and error bodies shaped as AWS documents them.
 */
import { randomUUID } from 'node:crypto';

export interface XmlNode {
  readonly name: string;
  readonly children: XmlNode[];
  text: string;
}

const ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity] ?? whole;
  });
}

export function encodeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** Parses a document into its root element (attributes, comments and processing instructions are skipped). */
export function parseXml(xml: string): XmlNode {
  const root: XmlNode = { name: '#document', children: [], text: '' };
  const stack: XmlNode[] = [root];
  const tag =
    /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let last = 0;
  for (let match = tag.exec(xml); match; match = tag.exec(xml)) {
    const current = stack[stack.length - 1];
    if (current) current.text += decodeXml(xml.slice(last, match.index));
    last = tag.lastIndex;
    const [, closing, name, selfClosing, cdata] = match;
    if (cdata !== undefined) {
      if (current) current.text += cdata;
    } else if (name === undefined) {
      continue;
    } else if (closing) {
      stack.pop();
    } else {
      const node: XmlNode = { name, children: [], text: '' };
      current?.children.push(node);
      if (!selfClosing) stack.push(node);
    }
  }
  return root.children[0] ?? root;
}

/** The first descendant named `name` (depth first). */
export function find(node: XmlNode | undefined, name: string): XmlNode | undefined {
  if (!node) return undefined;
  for (const child of node.children) {
    if (child.name === name) return child;
    const found = find(child, name);
    if (found) return found;
  }
  return undefined;
}

/** The trimmed text of the first descendant named `name`. */
export function textOf(node: XmlNode | undefined, name: string): string | undefined {
  const found = find(node, name);
  return found ? found.text.trim() : undefined;
}

/** The `<member>` elements of the first list named `name`, each as a record of its simple children. */
export function members(node: XmlNode | undefined, name: string): Record<string, string>[] {
  const list = find(node, name);
  return (list?.children ?? [])
    .filter((child) => child.name === 'member')
    .map((member) =>
      Object.fromEntries(member.children.map((child) => [child.name, child.text.trim()])),
    );
}

const NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

/** A query-protocol response: `<XResponse><XResult>…</XResult><ResponseMetadata/></XResponse>`. */
export function queryResponse(action: string, result: string): string {
  return (
    `<${action}Response xmlns="${NAMESPACE}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** A query-protocol error body, as CloudFormation sends it with status 400. */
export function queryError(code: string, message: string): string {
  return (
    `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>Sender</Type><Code>${encodeXml(code)}</Code>` +
    `<Message>${encodeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  );
}

/** `<name>value</name>` for each defined value, in order. */
export function elements(values: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => `<${name}>${encodeXml(String(value))}</${name}>`)
    .join('');
}
