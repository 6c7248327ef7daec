import { BufferAttribute, BufferGeometry, Mesh, MeshStandardMaterial } from 'three';
import { MAX_DRAWN_TRIANGLES, type DecodedMesh } from './decode.js';

export { MAX_DRAWN_TRIANGLES };

/** A model as one mesh with flat normals (non-indexed, so hard edges stay hard). Built once per file. */
export function buildMesh(asset: DecodedMesh): Mesh {
  if (asset.triangles > MAX_DRAWN_TRIANGLES) throw new Error('too large to draw');
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(asset.positions, 3));
  geometry.computeVertexNormals();
  geometry.computeBoundingSphere();
  const mesh = new Mesh(
    geometry,
    new MeshStandardMaterial({ color: 0x4a90c8, metalness: 0.05, roughness: 0.65 }),
  );
  return mesh;
}
