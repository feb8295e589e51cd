/** The few XML shapes S3 speaks: namespaced result documents out, small request documents (Complete, CreateBucket) in. */
export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"\r]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;', '\r': '&#13;' })[c]!);
}

/** A child element; arrays repeat the element, undefined omits it, objects nest. */
export type XmlValue = string | number | boolean | undefined | XmlNode | XmlValue[];
export interface XmlNode {
  [name: string]: XmlValue;
}

function render(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => render(name, v)).join('');
  if (typeof value === 'object') return `<${name}>${Object.entries(value).map(([k, v]) => render(k, v)).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A complete S3 result document: `<?xml …?><Root xmlns="…">…</Root>`. */
export function xmlDocument(root: string, body: XmlNode, namespaced = true): string {
  const inner = Object.entries(body).map(([k, v]) => render(k, v)).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${namespaced ? ` xmlns="${S3_NAMESPACE}"` : ''}>${inner}</${root}>`;
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|apos|quot|#(\d+)|#x([0-9a-fA-F]+));/g, (_m, name: string, dec?: string, hex?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' } as Record<string, string>)[name]!;
  });
}

/** Text of every `<name>…</name>` inside `xml` (namespace prefixes ignored), in document order. */
export function elementTexts(xml: string, name: string): string[] {
  const pattern = new RegExp(`<(?:[\\w-]+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w-]+:)?${name}>`, 'g');
  return [...xml.matchAll(pattern)].map((m) => unescapeXml(m[1]!.trim()));
}

/** Raw inner XML of every `<name>` element, for nested documents such as `<Part>` lists. */
export function elements(xml: string, name: string): string[] {
  const pattern = new RegExp(`<(?:[\\w-]+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w-]+:)?${name}>`, 'g');
  return [...xml.matchAll(pattern)].map((m) => m[1]!);
}

/** Rejects what is not a single well-formed-looking root element called `root`. */
export function hasRoot(xml: string, root: string): boolean {
  return new RegExp(`^\\s*(<\\?xml[^>]*\\?>)?\\s*<(?:[\\w-]+:)?${root}(\\s[^>]*)?>[\\s\\S]*</(?:[\\w-]+:)?${root}>\\s*$`).test(xml);
}
