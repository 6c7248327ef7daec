import { FEATURE_COLORS, type ColorMode } from './toolpath-model.js';
import type { ViewerT } from './messages.js';

export interface ToolpathView {
  /** First and last layer shown (0-based, inclusive). */
  from: number;
  to: number;
  /** How much of the top layer is drawn, 0..1. */
  inLayer: number;
  travel: boolean;
  color: ColorMode;
}

/** Layer range, in-layer slider, travel toggle and colour mode: plain inputs, no 3D work here. */
export function ToolpathControls({
  layers,
  features,
  state,
  onChange,
  t,
}: {
  layers: number;
  /** Slicer feature names (;TYPE:), in the order the colours are given. */
  features: readonly string[];
  state: ToolpathView;
  onChange: (next: ToolpathView) => void;
  t: ViewerT;
}) {
  const last = Math.max(0, layers - 1);
  return (
    <div className="viewer-controls">
      {layers > 1 && (
        <fieldset>
          <legend>
            {t('library.viewer.layerOf', { from: state.from + 1, to: state.to + 1, total: layers })}
          </legend>
          <input
            type="range"
            aria-label={t('library.viewer.layersFrom')}
            min={0}
            max={last}
            value={state.from}
            onChange={(e) => {
              const from = Number(e.target.value);
              onChange({ ...state, from, to: Math.max(from, state.to) });
            }}
          />
          <input
            type="range"
            aria-label={t('library.viewer.layers')}
            data-testid="layer-slider"
            min={0}
            max={last}
            value={state.to}
            onChange={(e) => {
              const to = Number(e.target.value);
              onChange({ ...state, to, from: Math.min(state.from, to), inLayer: 1 });
            }}
          />
        </fieldset>
      )}
      <label>
        {t('library.viewer.inLayer')}
        <input
          type="range"
          data-testid="in-layer-slider"
          min={0}
          max={1000}
          value={Math.round(state.inLayer * 1000)}
          onChange={(e) => onChange({ ...state, inLayer: Number(e.target.value) / 1000 })}
        />
      </label>
      <label>
        <input
          type="checkbox"
          checked={state.travel}
          onChange={(e) => onChange({ ...state, travel: e.target.checked })}
        />
        {t('library.viewer.travel')}
      </label>
      <label>
        {t('library.viewer.colorBy')}
        <select
          value={state.color}
          onChange={(e) => onChange({ ...state, color: e.target.value as ColorMode })}
        >
          {features.length > 0 && <option value="feature">{t('library.viewer.color.feature')}</option>}
          <option value="kind">{t('library.viewer.color.kind')}</option>
          <option value="speed">{t('library.viewer.color.speed')}</option>
          <option value="tool">{t('library.viewer.color.tool')}</option>
        </select>
      </label>
      {state.color === 'feature' && (
        <ul className="viewer-legend">
          {features.map((name, k) => {
            const c = FEATURE_COLORS[Math.min(k, FEATURE_COLORS.length - 1)]!;
            return (
              <li key={name}>
                <span
                  aria-hidden
                  style={{
                    display: 'inline-block',
                    width: 10,
                    height: 10,
                    background: `rgb(${c.join(',')})`,
                  }}
                />{' '}
                {name}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
