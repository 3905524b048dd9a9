/**
 * Just enough XML for the rendering spec: checks that an SVG document is well formed (one
 * `svg` root, every tag closed in order) and returns the text of its `<text>` elements.
 */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity.startsWith("#x") || entity.startsWith("#X")) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(Number(entity.slice(1)));
    const named = ENTITIES[entity];
    if (named === undefined) throw new Error(`unknown XML entity ${whole}`);
    return named;
  });
}

/** Throws when the document is not well formed; returns the texts of its `<text>` elements. */
export function parseSvgTexts(svg: string): string[] {
  const body = svg
    .replace(/^<\?xml[^>]*\?>/, "")
    .replace(/<!DOCTYPE[^>]*>/, "")
    .replace(/<!--[\s\S]*?-->/g, "");
  const open: string[] = [];
  const texts: string[] = [];
  let roots = 0;
  let textStart = -1;
  for (const match of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>/g)) {
    const [whole, closing, name, , selfClosing] = match;
    const index = match.index ?? 0;
    if (closing) {
      const expected = open.pop();
      if (expected !== name) throw new Error(`</${name}> closes <${expected ?? "nothing"}> at ${index}`);
      if (name === "text") texts.push(decode(body.slice(textStart, index)));
    } else {
      if (open.length === 0 && ++roots > 1) throw new Error(`a second root element <${name}> at ${index}`);
      if (open.length === 0 && name !== "svg") throw new Error(`the root element is <${name}>, not <svg>`);
      if (!selfClosing) open.push(name);
      if (name === "text") textStart = index + whole.length;
    }
  }
  if (open.length > 0) throw new Error(`unclosed elements: ${open.join(" > ")}`);
  if (roots !== 1) throw new Error("no root element");
  // Anything that looks like a tag but did not match (an unquoted attribute, a stray "<") is malformed.
  const stray = body.replace(/<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>/g, "").indexOf("<");
  if (stray >= 0) throw new Error(`malformed markup near ${JSON.stringify(body.slice(stray, stray + 40))}`);
  return texts;
}
