/**
 * The built-in practice programs for simulated machines (ours, CC0): a pocket spiral for the Grbl-like router
 * and a small square tower for the Marlin-like printer, with heating. Generated, so nothing ships as a file.
 */
export function demoProgram(firmware: 'grbl' | 'marlin'): string {
  const lines: string[] = [];
  if (firmware === 'grbl') {
    lines.push(
      '(Desk practice: spiral pocket, 40 mm, 3 passes)',
      'G21 G90 G54 G17',
      'M3 S12000',
      'G0 Z5.000',
      'G0 X0 Y0',
    );
    for (let pass = 1; pass <= 3; pass += 1) {
      lines.push(`G1 Z-${pass}.000 F300`);
      for (let i = 0; i < 240; i += 1) {
        const a = (i / 24) * Math.PI * 2;
        const r = 2 + i * 0.075;
        lines.push(`G1 X${(r * Math.cos(a)).toFixed(3)} Y${(r * Math.sin(a)).toFixed(3)} F1200`);
      }
      lines.push('G0 Z5.000', 'G0 X0 Y0');
    }
    lines.push('M5', 'G0 Z10.000', 'M30');
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    '; Desk practice: 20 mm square tower',
    'M140 S60',
    'M104 S200',
    'G28',
    'M190 S60',
    'M109 S200',
    'G21',
    'G90',
    'M82',
    'G92 E0',
  );
  let e = 0;
  for (let layer = 1; layer <= 40; layer += 1) {
    const z = (layer * 0.2).toFixed(2);
    lines.push(`;LAYER:${layer}`, `G1 Z${z} F600`);
    for (const [x, y] of [
      [100, 100],
      [120, 100],
      [120, 120],
      [100, 120],
      [100, 100],
    ] as const) {
      e += 0.8;
      lines.push(`G1 X${x} Y${y} E${e.toFixed(4)} F1800`);
    }
  }
  lines.push('M104 S0', 'M140 S0', 'G0 Z20', 'M84');
  return `${lines.join('\n')}\n`;
}
