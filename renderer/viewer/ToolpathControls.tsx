import type { ColorMode } from './toolpath-model.js';
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
  state,
  onChange,
  t,
}: {
  layers: number;
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
            aria-label={`${t('library.viewer.layers')} (from)`}
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
          <option value="kind">{t('library.viewer.color.kind')}</option>
          <option value="speed">{t('library.viewer.color.speed')}</option>
          <option value="tool">{t('library.viewer.color.tool')}</option>
        </select>
      </label>
    </div>
  );
}
