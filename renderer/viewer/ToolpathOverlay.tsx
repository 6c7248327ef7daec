import { useEffect, useMemo, useState } from 'react';
import type { ToolpathPlan } from '../../preload/contract/methods/toolpaths.js';

export interface ToolpathOverlayWords {
  label: string;
  order: string;
  play: string;
  pause: string;
  depth: string;
  gap: (width: string) => string;
}

/** Shallow cuts blue, the deepest red (hue 210 → 0); a plan with one depth is drawn in one colour. */
export function depthColour(z: number, deepest: number): string {
  if (deepest >= 0 || z >= 0) return 'hsl(210 80% 45%)';
  const t = Math.min(1, Math.max(0, z / deepest));
  return `hsl(${Math.round(210 * (1 - t))} 80% 45%)`;
}

/**
 * A Roland job's tool paths over the board: the source image underneath (PNG), the board outline, every stroke
 * coloured by its depth in cutting order (a slider and Play show the order), and the design-rule findings as red
 * rings where the tool does not pass. Drawn in mm with y up, as the planner's frame; the image's top row is at the top.
 * Give it a new `key` for a new plan: the cut-order slider starts again at the whole job.
 */
export function ToolpathOverlay({
  plan,
  imageUrl,
  words,
}: {
  plan: ToolpathPlan;
  imageUrl: string | null;
  words: ToolpathOverlayWords;
}) {
  const { width, height } = plan.board;
  const total = plan.strokes.length;
  const [shown, setShown] = useState(total);
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      setShown((n) => {
        if (n >= total) {
          setPlaying(false);
          return total;
        }
        return n + 1;
      });
    }, 60);
    return () => clearInterval(timer);
  }, [playing, total]);
  const deepest = useMemo(() => Math.min(0, ...plan.strokes.map((s) => s.z)), [plan.strokes]);
  const depths = useMemo(
    () => [...new Set(plan.strokes.map((s) => s.z))].sort((a, b) => b - a),
    [plan.strokes],
  );
  const lineWidth = plan.mill?.toolDiameter ?? 0.15;
  const margin = Math.max(width, height) * 0.03;
  return (
    <figure className="toolpath-overlay">
      <svg
        role="img"
        aria-label={words.label}
        viewBox={`${-margin} ${-margin} ${width + 2 * margin} ${height + 2 * margin}`}
        style={{ width: '100%', maxHeight: '60vh', background: '#1d1d1d' }}
      >
        {imageUrl !== null && (
          <image
            href={imageUrl}
            x={0}
            y={0}
            width={width}
            height={height}
            preserveAspectRatio="none"
            opacity={0.55}
            data-testid="toolpath-source"
          />
        )}
        <g transform={`translate(0 ${height}) scale(1 -1)`}>
          <rect
            x={0}
            y={0}
            width={width}
            height={height}
            fill="none"
            stroke="#d9d9d9"
            strokeWidth={lineWidth / 3}
            strokeDasharray={`${lineWidth} ${lineWidth}`}
            data-testid="toolpath-board"
          />
          {plan.strokes.slice(0, shown).map((s, i) => (
            <polyline
              key={i}
              points={s.points.map(([x, y]) => `${x},${y}`).join(' ')}
              fill="none"
              stroke={depthColour(s.z, deepest)}
              strokeWidth={lineWidth}
              strokeOpacity={0.75}
              strokeLinejoin="round"
              strokeLinecap="round"
              data-depth={s.z}
            />
          ))}
          {plan.gaps.map((g, i) => (
            <circle
              key={`gap-${i}`}
              cx={g.x}
              cy={g.y}
              r={Math.max(0.35, lineWidth)}
              fill="none"
              stroke="#ff3030"
              strokeWidth={lineWidth / 2}
              data-testid="toolpath-gap"
            >
              <title>{words.gap(g.width.toFixed(2))}</title>
            </circle>
          ))}
        </g>
      </svg>
      <figcaption>
        <label>
          {words.order}{' '}
          <input
            type="range"
            min={0}
            max={total}
            value={shown}
            onChange={(e) => {
              setPlaying(false);
              setShown(Number(e.target.value));
            }}
          />{' '}
          {shown} / {total}
        </label>{' '}
        <button
          type="button"
          onClick={() => {
            if (!playing && shown >= total) setShown(0);
            setPlaying(!playing);
          }}
        >
          {playing ? words.pause : words.play}
        </button>{' '}
        <span>
          {words.depth}:{' '}
          {depths.map((z) => (
            <span key={z} style={{ color: depthColour(z, deepest), marginRight: '0.5em' }}>
              ■ {(-z).toFixed(3)} mm
            </span>
          ))}
        </span>
      </figcaption>
    </figure>
  );
}
