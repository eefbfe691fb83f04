/**
 * Splits a line on single spaces, keeping double-quoted fields whole (quotes
 * removed, \" unescaped). ALB and similar fixed-position formats use this.
 */
export function splitQuoted(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    if (line[i] === " ") {
      i++;
      continue;
    }
    if (line[i] === '"') {
      let value = "";
      i++;
      while (i < n && line[i] !== '"') {
        if (line[i] === "\\" && i + 1 < n) i++;
        value += line[i++];
      }
      i++; // closing quote
      out.push(value);
    } else {
      const end = line.indexOf(" ", i);
      out.push(line.slice(i, end === -1 ? n : end));
      i = end === -1 ? n : end;
    }
  }
  return out;
}
