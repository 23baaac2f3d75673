// Markdown building blocks for generated documents (supabase/SCHEMA.md). Shared by scripts/ and
// test/ (ESM here, CommonJS under Jest): no imports.

/** One line: catalog text may hold newlines and runs of spaces. */
export const flat = (value: string) => value.replace(/\s+/g, ' ').trim();
export const cell = (value: string) => flat(value).replace(/\|/g, '\\|');
export const tick = (value: string) =>
  value.includes('`') ? `\`\` ${value} \`\`` : `\`${value}\``;
export const list = (values: string[], none = '—') =>
  values.length > 0 ? values.map(tick).join(', ') : none;

/** Splits at the commas between arguments (not those inside quotes or parentheses). */
export function splitArguments(args: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < args.length; i += 1) {
    const c = args[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth += 1;
    else if (!quoted && c === ')') depth -= 1;
    else if (!quoted && depth === 0 && c === ',') {
      parts.push(args.slice(start, i).trim());
      start = i + 1;
    }
  }
  return [...parts, args.slice(start).trim()].filter((part) => part !== '');
}

/** Without its trailing blank lines. */
export function trimEnd(lines: string[]): string[] {
  const end = lines.findLastIndex((line) => line !== '');
  return lines.slice(0, end + 1);
}

export function table(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}
