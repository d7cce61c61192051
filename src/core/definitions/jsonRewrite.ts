// Rewrites a JSON text to hold a new value while keeping every byte that did not change: unchanged
// subtrees are copied from the original text (numbers like 1.0, escapes, spacing, odd indentation
// all survive), kept keys stay in their original order, and only changed values are re-serialised
// in the original's style. New keys go right after the key that precedes them in the new value.
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { detectJsonStyle, isPlainObject, jsonEqual, serializeString, serializeValue, stripBom, type JsonStyle } from './jsonText';
import { DefinitionCodecError } from './types';

/**
 * Returns `original` edited so that it parses to `next`. If the value is unchanged the original is
 * returned as is (BOM, line endings and trailing newline included). `previous` may pass the
 * already-parsed original value to save a parse of large texts.
 */
export function rewriteJson(original: string, next: unknown, previous?: unknown): string {
  const body = stripBom(original);
  const bom = original.slice(0, original.length - body.length);
  const old = previous === undefined ? JSON.parse(body) : previous;
  if (jsonEqual(old, next)) return original;
  const errors: ParseError[] = [];
  const root = parseTree(body, errors, { disallowComments: true });
  if (!root || errors.length) throw new DefinitionCodecError('The original JSON cannot be parsed, so it cannot be edited in place.');
  const r = new Renderer(body, detectJsonStyle(body));
  return bom + body.slice(0, root.offset) + r.render(root, old, next) + body.slice(root.offset + root.length);
}

interface Item { text: string }

class Renderer {
  constructor(private readonly text: string, private readonly style: JsonStyle) {}

  render(node: Node, old: unknown, next: unknown): string {
    if (jsonEqual(old, next)) return this.slice(node);
    if (node.type === 'object' && isPlainObject(old) && isPlainObject(next)) return this.renderObject(node, old, next);
    if (node.type === 'array' && Array.isArray(old) && Array.isArray(next)) return this.renderArray(node, old, next);
    return serializeValue(next, this.style, this.lineIndent(node.offset));
  }

  private slice(node: Node): string {
    return this.text.slice(node.offset, node.offset + node.length);
  }

  /** Whitespace at the start of the line holding `offset`. */
  private lineIndent(offset: number): string {
    const start = this.text.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*/.exec(this.text.slice(start, Math.min(offset, start + 200)))![0];
  }

  /** Indentation for children of a container node, learned from its first child when it starts a line. */
  private childIndent(node: Node): string {
    const first = node.children?.[0];
    if (first) {
      const lineStart = this.text.lastIndexOf('\n', first.offset - 1) + 1;
      if (lineStart > node.offset && /^[ \t]*$/.test(this.text.slice(lineStart, first.offset))) return this.text.slice(lineStart, first.offset);
    }
    return this.lineIndent(node.offset) + (this.style.indent ?? '');
  }

  private renderObject(node: Node, old: Record<string, unknown>, next: Record<string, unknown>): string {
    const props = node.children ?? [];
    const keyOf = (p: Node) => p.children![0].value as string;
    const has = (o: Record<string, unknown>, k: string) => Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined;
    const nextKeys = Object.keys(next).filter((k) => has(next, k));
    const oldKeys = new Set(props.map(keyOf));
    const sameShape = props.every((p) => has(next, keyOf(p))) && nextKeys.every((k) => oldKeys.has(k));
    if (sameShape) {
      let out = '';
      let pos = node.offset;
      for (const p of props) {
        const v = p.children?.[1];
        if (!v) continue;
        out += this.text.slice(pos, v.offset) + this.render(v, old[keyOf(p)], next[keyOf(p)]);
        pos = v.offset + v.length;
      }
      return out + this.text.slice(pos, node.offset + node.length);
    }
    const indent = this.childIndent(node);
    const colon = props[0]?.children?.[1] ? this.text.slice(props[0].children[0].offset + props[0].children[0].length, props[0].children[1].offset) : this.style.colon;
    const items: (Item & { key: string })[] = [];
    for (const p of props) {
      const k = keyOf(p);
      const v = p.children?.[1];
      if (!has(next, k) || !v) continue;
      items.push({ key: k, text: this.text.slice(p.offset, v.offset) + this.render(v, old[k], next[k]) });
    }
    let after = -1;
    for (const k of nextKeys) {
      const at = items.findIndex((i) => i.key === k);
      if (at >= 0) { after = at; continue; }
      items.splice(after + 1, 0, { key: k, text: serializeString(k, this.style) + colon + serializeValue(next[k], this.style, indent) });
      after++;
    }
    return this.join(node, items, '{', '}');
  }

  private renderArray(node: Node, old: unknown[], next: unknown[]): string {
    const elems = node.children ?? [];
    if (old.length === next.length) {
      let out = '';
      let pos = node.offset;
      elems.forEach((e, i) => {
        out += this.text.slice(pos, e.offset) + this.render(e, old[i], next[i]);
        pos = e.offset + e.length;
      });
      return out + this.text.slice(pos, node.offset + node.length);
    }
    let prefix = 0;
    while (prefix < old.length && prefix < next.length && jsonEqual(old[prefix], next[prefix])) prefix++;
    let suffix = 0;
    while (suffix < old.length - prefix && suffix < next.length - prefix && jsonEqual(old[old.length - 1 - suffix], next[next.length - 1 - suffix])) suffix++;
    const indent = this.childIndent(node);
    const items: Item[] = [];
    for (let i = 0; i < prefix; i++) items.push({ text: this.slice(elems[i]) });
    const oldMid = old.length - prefix - suffix;
    const newMid = next.length - prefix - suffix;
    for (let j = 0; j < newMid; j++) {
      const n = next[prefix + j];
      items.push({ text: j < oldMid ? this.render(elems[prefix + j], old[prefix + j], n) : serializeValue(n, this.style, indent) });
    }
    for (let i = old.length - suffix; i < old.length; i++) items.push({ text: this.slice(elems[i]) });
    return this.join(node, items, '[', ']');
  }

  /** Joins rendered children with the container's own separators (or the style's, if it had < 2 children). */
  private join(node: Node, items: Item[], open: string, close: string): string {
    if (items.length === 0) return open + close;
    const kids = node.children ?? [];
    const end = node.offset + node.length;
    let lead: string;
    let trail: string;
    if (kids.length) {
      lead = this.text.slice(node.offset + 1, kids[0].offset);
      const last = kids[kids.length - 1];
      trail = this.text.slice(last.offset + last.length, end - 1);
    } else if (this.style.indent === null) {
      lead = trail = '';
    } else {
      lead = this.style.eol + this.lineIndent(node.offset) + this.style.indent;
      trail = this.style.eol + this.lineIndent(node.offset);
    }
    const sep = kids.length >= 2 ? this.text.slice(kids[0].offset + kids[0].length, kids[1].offset) : ',' + lead;
    return open + lead + items.map((i) => i.text).join(sep) + trail + close;
  }
}
