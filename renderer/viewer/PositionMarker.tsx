import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import { segmentAtLine, type DecodedToolpath } from './decode.js';

/**
 * Where the machine is in the program: the end of the last move of the last acknowledged line (the start of the
 * first move still to run), in the toolpath's own coordinates. Null before the first line or for an empty path.
 */
export function positionAtLine(
  asset: DecodedToolpath,
  doneLine: number | null,
): [number, number, number] | null {
  if (doneLine === null || asset.segments === 0) return null;
  const point = Math.min(segmentAtLine(asset.lines, doneLine + 1), asset.segments);
  const p = asset.positions;
  return [p[point * 3]!, p[point * 3 + 1]!, p[point * 3 + 2]!];
}

/** The layer (0-based) the first move still to run is on: layers done = this, of layerStarts.length. */
export function layerAtLine(asset: DecodedToolpath, doneLine: number | null): number {
  if (doneLine === null || asset.layerStarts.length === 0) return 0;
  const segment = segmentAtLine(asset.lines, doneLine + 1);
  let layer = 0;
  while (layer + 1 < asset.layerStarts.length && asset.layerStarts[layer + 1]! <= segment) layer += 1;
  return layer;
}

/** A bright ball at the machine's place in the program, sized to the part, redrawn once per move (demand frames). */
export function PositionMarker({
  asset,
  doneLine,
  radius,
}: {
  asset: DecodedToolpath;
  doneLine: number | null;
  radius: number;
}) {
  const invalidate = useThree((s) => s.invalidate);
  const at = positionAtLine(asset, doneLine);
  const key = at === null ? '' : at.join(',');
  useEffect(() => {
    invalidate();
  }, [key, invalidate]);
  if (at === null) return null;
  return (
    <mesh position={at} name="position-marker">
      <sphereGeometry args={[radius, 16, 12]} />
      <meshBasicMaterial color={0xe6007e} />
    </mesh>
  );
}
