/**
 * A synthetic program of `lines` lines (ours, CC0): moves with feeds, comments, blank lines and modal changes,
 * so streaming can be checked line by line. `expected` is what the controller should receive after comments
 * and blanks are dropped, in order.
 */
export function syntheticProgram(lines: number): { text: string; expected: string[]; lines: string[] } {
  const out: string[] = [];
  const expected: string[] = [];
  for (let i = 1; i <= lines; i += 1) {
    let line: string;
    if (i === 1) line = 'G21 G90 (metric, absolute)';
    else if (i % 97 === 0) line = '';
    else if (i % 89 === 0) line = `; layer ${i}`;
    else if (i % 50 === 0) line = `G0 Z${(i % 7) + 1}.000`;
    else line = `G1 X${((i * 37) % 200).toFixed(3)} Y${((i * 53) % 150).toFixed(3)} F${1000 + (i % 5) * 100}`;
    out.push(line);
    const cleaned = line
      .replace(/\(.*?\)/g, '')
      .replace(/;.*$/, '')
      .trim();
    if (cleaned !== '') expected.push(cleaned);
  }
  return { text: `${out.join('\n')}\n`, expected, lines: out };
}
