import { useEffect, useMemo } from 'react';
import { useThree } from '@react-three/fiber';
import { AxesHelper, GridHelper, Vector3 } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { WorkArea } from './fit-check.js';

export type ViewName = 'top' | 'front' | 'iso';

/** The work area: a grid at 10 mm, a frame, and X/Y/Z axes at the origin (Z up, as machines count). */
export function Bed({ area }: { area: WorkArea }) {
  const grid = useMemo(() => {
    const size = Math.max(area.width, area.depth);
    const g = new GridHelper(size, Math.max(1, Math.round(size / 10)), 0x8a8f98, 0xd0d4da);
    g.rotation.x = Math.PI / 2;
    g.position.set(size / 2, size / 2, 0);
    return g;
  }, [area.width, area.depth]);
  const axes = useMemo(() => new AxesHelper(Math.min(area.width, area.depth) / 4), [area.width, area.depth]);
  useEffect(
    () => () => {
      grid.geometry.dispose();
      axes.geometry.dispose();
    },
    [grid, axes],
  );
  return (
    <group>
      <primitive object={grid} />
      <primitive object={axes} />
      <mesh position={[area.width / 2, area.depth / 2, -0.05]}>
        <planeGeometry args={[area.width, area.depth]} />
        <meshBasicMaterial color={0xeef1f5} transparent opacity={0.6} />
      </mesh>
    </group>
  );
}

/**
 * Orbit/pan/zoom with three's OrbitControls; renders only on change (the canvas runs frameloop="demand").
 * `view` and `viewKey` pick a camera (pressing the same view again re-applies it).
 */
export function CameraRig({
  cx,
  cy,
  cz,
  radius,
  view,
  viewKey,
}: {
  cx: number;
  cy: number;
  cz: number;
  radius: number;
  view: ViewName;
  viewKey: number;
}) {
  // The camera is read through get() because R3F owns it; these effects only move it.
  const get = useThree((s) => s.get);
  const domElement = useThree((s) => s.gl.domElement);
  const invalidate = useThree((s) => s.invalidate);
  const controls = useMemo(() => {
    const { camera } = get();
    camera.up.set(0, 0, 1);
    return new OrbitControls(camera, domElement);
  }, [get, domElement]);
  useEffect(() => {
    const onChange = () => invalidate();
    controls.addEventListener('change', onChange);
    return () => {
      controls.removeEventListener('change', onChange);
      controls.dispose();
    };
  }, [controls, invalidate]);
  useEffect(() => {
    const { camera } = get();
    const target = new Vector3(cx, cy, cz);
    const d = Math.max(radius, 10) * 2.4;
    const offset =
      view === 'top'
        ? new Vector3(0, -0.001, d)
        : view === 'front'
          ? new Vector3(0, -d, 0)
          : new Vector3(d * 0.6, -d * 0.8, d * 0.7);
    camera.position.copy(target).add(offset);
    camera.near = Math.max(0.1, d / 1000);
    camera.far = d * 20;
    camera.updateProjectionMatrix();
    controls.target.copy(target);
    controls.update();
    invalidate();
  }, [get, controls, invalidate, cx, cy, cz, radius, view, viewKey]);
  return null;
}
