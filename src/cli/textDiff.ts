// A compact line diff for plans printed by `dfw deploy --dry-run`: the changed middle of two
// texts (common head and tail trimmed), with a little context.

export function lineDiff(a: string, b: string, context = 2, maxLines = 60): string {
  const x = a.replace(/\r\n/g, '\n').split('\n');
  const y = b.replace(/\r\n/g, '\n').split('\n');
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
  if (head === x.length && head === y.length) return '';
  const from = Math.max(0, head - context);
  const out = [`@@ line ${from + 1} @@`];
  for (let i = from; i < head; i++) out.push(`  ${x[i]}`);
  for (let i = head; i < x.length - tail; i++) out.push(`- ${x[i]}`);
  for (let i = head; i < y.length - tail; i++) out.push(`+ ${y[i]}`);
  for (let i = y.length - tail; i < Math.min(y.length, y.length - tail + context); i++) out.push(`  ${y[i]}`);
  return out.length > maxLines ? [...out.slice(0, maxLines), `  … ${out.length - maxLines} more line(s)`].join('\n') : out.join('\n');
}
